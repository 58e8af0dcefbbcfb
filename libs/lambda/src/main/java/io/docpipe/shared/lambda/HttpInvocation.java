package io.docpipe.shared.lambda;

import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import io.docpipe.shared.Invocation;
import java.util.function.BiFunction;

/** The HTTP part of {@link Invocations}: route-template span names, request ids, and the http_* metrics. */
final class HttpInvocation {
  static final String REQUEST_ID_HEADER = "X-Request-Id";
  /** The {@code path} label of a request no route matched, so raw paths never become label values. */
  static final String UNMATCHED = "unmatched";

  private static final TextMapGetter<APIGatewayV2HTTPEvent> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(APIGatewayV2HTTPEvent event) {
      return event.getHeaders() == null ? java.util.List.of() : event.getHeaders().keySet();
    }

    @Override
    public String get(APIGatewayV2HTTPEvent event, String key) {
      return event == null ? null : HttpRequests.header(event, key);
    }
  };

  private final Invocations frame;
  private final Telemetry telemetry;

  HttpInvocation(Invocations frame, Telemetry telemetry) {
    this.frame = frame;
    this.telemetry = telemetry;
  }

  APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context lambda,
      BiFunction<APIGatewayV2HTTPEvent, Invocation, APIGatewayV2HTTPResponse> work) {
    String method = HttpRequests.method(event) == null ? "_OTHER" : HttpRequests.method(event);
    String route = route(event.getRouteKey());
    String given = HttpRequests.header(event, REQUEST_ID_HEADER);
    String requestId = given == null || given.isBlank() ? UUID.randomUUID().toString() : given;
    // A client that sends traceparent gets the job's trace inside its own.
    io.opentelemetry.context.Context parent =
        W3CTraceContextPropagator.getInstance().extract(io.opentelemetry.context.Context.root(), event, HEADERS);
    SpanBuilder span = telemetry.tracer().spanBuilder(route == null ? method : method + " " + route)
        .setParent(parent).setSpanKind(SpanKind.SERVER)
        .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, method)
        .setAttribute(SpanAttributes.HTTP_REQUEST_ID, requestId)
        .setAttribute(SpanAttributes.CALLER_TYPE, SpanAttributes.CALLER_UNKNOWN)
        .setAttribute(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC);
    if (route != null) span.setAttribute(SpanAttributes.HTTP_ROUTE, route);
    String path = route == null ? UNMATCHED : route;
    long start = System.nanoTime();
    return frame.frame(span, "http", lambda, (invocationSpan, invocation) -> {
      int status = 500; // what API Gateway answers when the handler throws
      try {
        APIGatewayV2HTTPResponse response = work.apply(event, invocation);
        status = response.getStatusCode();
        Map<String, String> headers = response.getHeaders() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(response.getHeaders());
        headers.put(REQUEST_ID_HEADER, requestId);
        response.setHeaders(headers);
        return response;
      } finally {
        invocationSpan.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (status >= 500) invocationSpan.setStatus(StatusCode.ERROR);
        Metrics m = telemetry.metrics();
        m.add(PipelineMetrics.HTTP_REQUESTS, 1, method, path, Integer.toString(status));
        m.recordSince(PipelineMetrics.HTTP_REQUEST_DURATION, start, path);
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
