package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Invocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/** The HTTP part of {@link Invocations}: the route template, the request id (made when absent, always echoed). */
final class HttpInvocation {
  static final String REQUEST_ID_HEADER = "X-Request-Id";

  private final Invocations frame;

  HttpInvocation(Invocations frame) {
    this.frame = frame;
  }

  APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context lambda,
      BiFunction<APIGatewayV2HTTPEvent, Invocation, APIGatewayV2HTTPResponse> work) {
    String method = HttpRequests.method(event) == null ? "_OTHER" : HttpRequests.method(event);
    String given = HttpRequests.header(event, REQUEST_ID_HEADER);
    String requestId = given == null || given.isBlank() ? UUID.randomUUID().toString() : given;
    FrameHook.HttpStart start = new FrameHook.HttpStart(event, method, route(event.getRouteKey()), requestId);
    return frame.frame(start, lambda, (scope, invocation) -> {
      int status = 500; // what API Gateway answers when the handler throws
      try {
        APIGatewayV2HTTPResponse response = work.apply(event, invocation);
        status = response.getStatusCode();
        Map<String, String> headers = response.getHeaders() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(response.getHeaders());
        headers.put(REQUEST_ID_HEADER, requestId);
        response.setHeaders(headers);
        return response;
      } finally {
        scope.responded(status);
      }
    });
  }

  /** {@code /jobs/{job_id}} from the route key {@code GET /jobs/{job_id}}; null for {@code $default} or none. */
  static String route(String routeKey) {
    if (routeKey == null) return null;
    int space = routeKey.indexOf(' ');
    return space < 0 ? null : routeKey.substring(space + 1);
  }
}
