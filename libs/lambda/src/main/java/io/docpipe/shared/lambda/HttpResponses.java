package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON and RFC 9457 problem+json responses for API Gateway HTTP API (payload 2.0). */
public final class HttpResponses {
  private HttpResponses() {}

  public static APIGatewayV2HTTPResponse json(int status, Object body) {
    return json(status, body, Map.of());
  }

  public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(all).withBody(Json.write(body)).build();
  }

  /**
   * A problem document. {@code type} is a stable URI per kind of problem; {@code field}, when given, names the input at
   * fault so a client can point at it.
   */
  public static APIGatewayV2HTTPResponse problem(int status, String type, String title, String detail, String field) {
    return problem(status, type, title, detail, field, Map.of());
  }

  /** A problem with extra headers ({@code Retry-After} on a 503 or 429, say). */
  public static APIGatewayV2HTTPResponse problem(int status, String type, String title, String detail, String field,
      Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/problem+json");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://docpipe.dev/problems/" + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (field != null) body.put("field", field);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(all)
        .withBody(Json.write(body))
        .build();
  }
}
