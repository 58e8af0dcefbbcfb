package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** An HTTP request as API Gateway's HTTP API hands it to a function (payload format 2.0). */
final class ApiGatewayEvents {
  private ApiGatewayEvents() {}

  static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, Routes.Match match, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      // Payload 2.0 lower-cases header names and joins repeated headers with commas.
      headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
    }
    String rawQuery = exchange.getRequestURI().getRawQuery();
    APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod(exchange.getRequestMethod());
    http.setPath(exchange.getRequestURI().getRawPath());
    http.setProtocol(exchange.getProtocol());
    http.setSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
    http.setUserAgent(headers.get("user-agent"));
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setHttp(http);
    context.setRequestId(UUID.randomUUID().toString());
    context.setRouteKey(match.route().routeKey());
    context.setStage("$default");
    context.setAccountId("000000000000");
    context.setApiId("local");
    context.setDomainName("localhost");
    context.setTimeEpoch(System.currentTimeMillis());
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion("2.0");
    event.setRouteKey(match.route().routeKey());
    event.setRawPath(exchange.getRequestURI().getRawPath());
    event.setRawQueryString(rawQuery == null ? "" : rawQuery);
    event.setHeaders(headers);
    event.setQueryStringParameters(query(rawQuery));
    event.setPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters());
    event.setRequestContext(context);
    event.setBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
    event.setIsBase64Encoded(false);
    return event;
  }

  private static Map<String, String> query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.merge(k, v, (a, b) -> a + "," + b);
    }
    return params;
  }
}
