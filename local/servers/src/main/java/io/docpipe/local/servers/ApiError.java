package io.docpipe.local.servers;

/** A request the embedding server refuses, with the HTTP status and message an OpenAI client would get. */
final class ApiError extends RuntimeException {
  private final int status;
  private final String type;

  private ApiError(int status, String type, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request_error", message);
  }

  /** Well-formed JSON that is not a valid request: TEI's status for validation errors. */
  static ApiError unprocessable(String message) {
    return new ApiError(422, "invalid_request_error", message);
  }

  static ApiError tooLarge(String message) {
    return new ApiError(413, "invalid_request_error", message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "invalid_request_error", message);
  }

  static ApiError methodNotAllowed(String message) {
    return new ApiError(405, "invalid_request_error", message);
  }

  static ApiError internal(String message) {
    return new ApiError(500, "server_error", message);
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }
}
