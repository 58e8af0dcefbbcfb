package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.opentelemetry.api.trace.Span;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes one HTTP function serves, as template.yaml declares them, and what every request meets before its
 * route's work: a sanitized {@code X-Request-Id}, a caller from the verified JWT claims (401 without one), 405 with
 * {@code Allow} for a known path with another method (the template's {@code ANY} routes send those here), 404 for
 * anything else. A route's unexpected exception becomes a 500 problem that names nothing internal; the exception goes
 * to the span and the log only.
 */
public final class ApiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

  /** One route's work, for a request with a caller, within the invocation's time. */
  @FunctionalInterface
  public interface Route {
    APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Caller caller, Invocation invocation);
  }

  private final Map<String, Map<String, Route>> byPath;

  private ApiRoutes(Map<String, Map<String, Route>> byPath) {
    this.byPath = byPath;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs one request in the invocation frame of {@code invocations}. */
  public APIGatewayV2HTTPResponse invoke(Invocations invocations, APIGatewayV2HTTPEvent event, Context context) {
    return invocations.invokeHttp(RequestIds.sanitized(event), context, this::dispatch);
  }

  APIGatewayV2HTTPResponse dispatch(APIGatewayV2HTTPEvent event, Invocation invocation) {
    Optional<Caller> caller = Caller.of(event);
    if (caller.isEmpty()) {
      return HttpResponses.problem(401, "unauthorized", "Unauthorized", "a valid bearer token is required",
          "Authorization", Map.of("WWW-Authenticate", "Bearer"));
    }
    Span.current().setAttribute(SpanAttributes.CALLER_TYPE, caller.get().type());
    String routeKey = event.getRouteKey();
    int space = routeKey == null ? -1 : routeKey.indexOf(' ');
    Map<String, Route> methods = space < 0 ? null : byPath.get(routeKey.substring(space + 1));
    if (methods == null) return HttpResponses.problem(404, "not-found", "Not Found", "no such resource", null);
    String method = HttpRequests.method(event) == null ? "" : HttpRequests.method(event).toUpperCase(Locale.ROOT);
    Route route = methods.get(method);
    if (route == null) {
      return HttpResponses.problem(405, "method-not-allowed", "Method Not Allowed",
          "this resource allows " + String.join(", ", methods.keySet()), null,
          Map.of("Allow", String.join(", ", methods.keySet())));
    }
    try {
      return route.answer(event, caller.get(), invocation);
    } catch (RuntimeException e) {
      Span.current().recordException(e);
      EventLog.error(LOG, LogEvent.REQUEST_FAILED).with(LogField.ERROR, e.getClass().getSimpleName()).cause(e)
          .log("{} failed unexpectedly", event.getRouteKey());
      return HttpResponses.problem(500, "internal-error", "Internal Server Error",
          "the request could not be completed; try again later", null);
    }
  }

  /** Routes by method and path template ({@code /jobs/{job_id}}), exactly as the template's HttpApi events. */
  public static final class Builder {
    private final Map<String, Map<String, Route>> byPath = new LinkedHashMap<>();

    private Builder() {}

    public Builder route(String method, String pathTemplate, Route route) {
      Objects.requireNonNull(route, "route");
      if (method == null || !method.matches("[A-Z]+") || method.equals("ANY")) {
        throw new IllegalArgumentException("method must be an upper-case HTTP method other than ANY, was " + method);
      }
      if (pathTemplate == null || !pathTemplate.startsWith("/")) {
        throw new IllegalArgumentException("pathTemplate must start with '/', was " + pathTemplate);
      }
      byPath.computeIfAbsent(pathTemplate, p -> new LinkedHashMap<>()).put(method, route);
      return this;
    }

    public ApiRoutes build() {
      Map<String, Map<String, Route>> copy = new LinkedHashMap<>();
      byPath.forEach((path, methods) -> copy.put(path, Map.copyOf(methods)));
      return new ApiRoutes(Map.copyOf(copy));
    }
  }
}
