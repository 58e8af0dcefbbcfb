package io.docpipe.shared.embedding;

/** The inference server did not return embeddings. {@link #kind()} says what the caller can do about it. */
public final class EmbeddingFailure extends RuntimeException {

  public enum Kind {
    /** Overloaded, failing or unreachable (429, 503, 424, 5xx, connect error, timeout): try again later. */
    TRANSIENT,
    /** The batch was too big (413, 422): split it and go on. */
    TOO_LARGE,
    /** The request itself is wrong (other 4xx, a malformed answer): retrying will not help. */
    PERMANENT
  }

  private final Kind kind;
  private final int status;

  public EmbeddingFailure(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  static Kind classify(int status) {
    if (status == 413 || status == 422) return Kind.TOO_LARGE;
    if (status == 429 || status == 424 || status >= 500) return Kind.TRANSIENT;
    return Kind.PERMANENT;
  }
}
