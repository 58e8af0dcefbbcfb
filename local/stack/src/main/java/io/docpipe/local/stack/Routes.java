package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTTP API's routes as template.yaml declares them: {@code METHOD /path/{param}} to a function. */
final class Routes {
  /** A route and the function behind it. */
  record Route(String method, String template, String function, Invoker invoker) {
    String routeKey() {
      return method + " " + template;
    }

    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context context) throws InterruptedException {
      return invoker.invoke(event, context);
    }
  }

  @FunctionalInterface
  interface Invoker {
    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context context) throws InterruptedException;
  }

  record Match(Route route, Map<String, String> pathParameters) {}

  private final List<Route> routes = new ArrayList<>();

  Routes add(String method, String template, String function, Invoker invoker) {
    routes.add(new Route(method, template, function, invoker));
    return this;
  }

  /** The route for this request, or null. Path parameters match one non-empty segment, as in API Gateway. */
  Match match(String method, String rawPath) {
    String[] actual = rawPath.split("/", -1);
    for (Route route : routes) {
      if (!route.method().equalsIgnoreCase(method)) continue;
      String[] expected = route.template().split("/", -1);
      if (expected.length != actual.length) continue;
      Map<String, String> params = new LinkedHashMap<>();
      boolean ok = true;
      for (int i = 0; i < expected.length && ok; i++) {
        if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
          ok = !actual[i].isEmpty();
          params.put(expected[i].substring(1, expected[i].length() - 1), java.net.URLDecoder.decode(actual[i],
              java.nio.charset.StandardCharsets.UTF_8));
        } else {
          ok = expected[i].equals(actual[i]);
        }
      }
      if (ok) return new Match(route, params);
    }
    return null;
  }
}
