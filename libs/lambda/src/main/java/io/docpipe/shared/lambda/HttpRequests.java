package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** Reading API Gateway HTTP API (payload 2.0) requests. */
public final class HttpRequests {
  private HttpRequests() {}

  /** The body as text; API Gateway base64-encodes bodies it does not consider text. */
  public static String body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) return "";
    return event.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
  }

  /** The body as a JSON object, or null when it is not one. */
  public static JsonNode jsonObject(APIGatewayV2HTTPEvent event) {
    try {
      JsonNode node = Json.read(body(event), JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static String header(APIGatewayV2HTTPEvent event, String name) {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) return null;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return e.getValue();
    }
    return null;
  }

  public static String method(APIGatewayV2HTTPEvent event) {
    var ctx = event.getRequestContext();
    return ctx != null && ctx.getHttp() != null ? ctx.getHttp().getMethod() : null;
  }

  public static String pathParameter(APIGatewayV2HTTPEvent event, String name) {
    return event.getPathParameters() == null ? null : event.getPathParameters().get(name);
  }
}
