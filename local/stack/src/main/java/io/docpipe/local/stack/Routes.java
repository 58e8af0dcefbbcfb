package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API's routes as template.yaml declares them: {@code METHOD /path/{param}} to a function. As in API
 * Gateway, a route with the request's method wins over an {@code ANY} route of the same path.
 */
final class Routes {
  static final String ANY = "ANY";

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

  /** Every route key ({@code POST /jobs}, {@code ANY /jobs}, ...), in the order added. */
  List<String> routeKeys() {
    return routes.stream().map(Route::routeKey).toList();
  }

  /** The route for this request, or null. Path parameters match one non-empty segment, as in API Gateway. */
  Match match(String method, String rawPath) {
    Match exact = match(method, rawPath, false);
    return exact != null ? exact : match(method, rawPath, true);
  }

  private Match match(String method, String rawPath, boolean any) {
    String[] actual = rawPath.split("/", -1);
    for (Route route : routes) {
      if (any ? !route.method().equals(ANY) : !route.method().equalsIgnoreCase(method)) continue;
      String[] expected = route.template().split("/", -1);
      if (expected.length != actual.length) continue;
      Map<String, String> params = new LinkedHashMap<>();
      boolean ok = true;
      for (int i = 0; i < expected.length && ok; i++) {
        if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
          ok = !actual[i].isEmpty();
          params.put(expected[i].substring(1, expected[i].length() - 1), decodeSegment(actual[i]));
        } else {
          ok = expected[i].equals(actual[i]);
        }
      }
      if (ok) return new Match(route, params);
    }
    return null;
  }

  /**
   * A path segment percent-decoded as UTF-8 ({@code +} stays a plus, unlike form decoding); malformed escapes such as
   * {@code %zz} are passed on as written for the function to refuse.
   */
  static String decodeSegment(String segment) {
    if (segment.indexOf('%') < 0) return segment;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) return segment;
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) return segment;
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
