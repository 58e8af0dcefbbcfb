package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Base64;
import java.util.UUID;

/**
 * An HTTP request as API Gateway's HTTP API hands it to a function (payload format 2.0), with the claims its JWT
 * authorizer verified under {@code requestContext.authorizer.jwt}. A body that is not valid UTF-8 is passed
 * base64-encoded, as API Gateway does with bodies it cannot pass as text.
 */
final class ApiGatewayEvents {
  private ApiGatewayEvents() {}

  static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, Routes.Match match, byte[] body, Map<String, String> claims) {
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
    APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
    jwt.setClaims(Map.copyOf(claims));
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
    authorizer.setJwt(jwt);
    context.setAuthorizer(authorizer);
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion("2.0");
    event.setRouteKey(match.route().routeKey());
    event.setRawPath(exchange.getRequestURI().getRawPath());
    event.setRawQueryString(rawQuery == null ? "" : rawQuery);
    event.setHeaders(headers);
    event.setQueryStringParameters(query(rawQuery));
    event.setPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters());
    event.setRequestContext(context);
    String text = body.length == 0 ? null : utf8(body);
    event.setBody(body.length == 0 ? null : text != null ? text : Base64.getEncoder().encodeToString(body));
    event.setIsBase64Encoded(body.length > 0 && text == null);
    return event;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Map<String, String> query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.merge(k, v, (a, b) -> a + "," + b);
    }
    return params;
  }

  /** Form-decoded; a malformed escape ({@code %zz}) is kept as written rather than failing the request. */
  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
