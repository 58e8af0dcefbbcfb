package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.docpipe.shared.lambda.Caller;
import io.docpipe.shared.lambda.HttpResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What API Gateway's HTTP API does in front of the api and search functions: match the request to a route, check the
 * caller as the JWT authorizer would, turn the request into a payload 2.0 event with the caller's claims, invoke the
 * function, and turn its response back into HTTP. With an API token configured (LOCAL_API_TOKEN) a request needs
 * {@code Authorization: Bearer <token>} and runs as subject {@value #LOCAL_USER}; without one the front is open and
 * every request runs as {@link Caller#LOCAL_ANONYMOUS}. The front's own answers (no route: 404, no token: 401, over
 * API Gateway's 10 MB: 413) are problem+json where API Gateway answers {@code {"message": ...}}. Local-only
 * endpoints live under {@code /_local/} and need no token (the scraper fetches the samples from there).
 */
final class HttpFront implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final int MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit
  /** The subject of every request when the front checks a token. */
  static final String LOCAL_USER = "local-user";
  private static final int RETRY_AFTER_SECONDS = 30;

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(8, Thread.ofPlatform().name("http-front-", 0).daemon().factory());
  private final Routes routes;
  private final Map<String, LocalEndpoint> localEndpoints;
  private final byte[] apiToken;
  private volatile Supplier<String> unavailable = () -> null;

  /** A local-only endpoint: method + path under /_local/ to a handler of the raw exchange. */
  interface LocalEndpoint {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** @param apiToken the bearer token every API request must carry, or null for an open front */
  HttpFront(int port, Routes routes, Map<String, LocalEndpoint> localEndpoints, String apiToken) throws IOException {
    this.routes = routes;
    this.localEndpoints = localEndpoints;
    this.apiToken = apiToken == null ? null : apiToken.getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/_local/")) {
        LocalEndpoint local = localEndpoints.entrySet().stream()
            .filter(e -> path.startsWith(e.getKey()))
            .map(Map.Entry::getValue).findFirst().orElse(null);
        if (local != null) local.handle(exchange);
        else send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Routes.Match match = routes.match(exchange.getRequestMethod(), path);
      if (match == null) {
        writeResponse(exchange, HttpResponses.problem(404, "not-found", "Not Found", "no route for this path", null));
        return;
      }
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        writeResponse(exchange, HttpResponses.problem(401, "unauthorized", "Unauthorized", "a valid bearer token is required",
            "Authorization", Map.of("WWW-Authenticate", "Bearer")));
        return;
      }
      String down = unavailable.get();
      if (down != null && "POST".equals(exchange.getRequestMethod()) && "api".equals(match.route().function())) {
        writeResponse(exchange, HttpResponses.problem(503, "service-unavailable", "Service Unavailable",
            "the local stack cannot take new jobs: " + down + "; restart it (make run)", null,
            Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))));
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        writeResponse(exchange, HttpResponses.problem(413, "body-too-large", "Content Too Large",
            "the body must be at most " + MAX_BODY_BYTES + " bytes", null));
        return;
      }
      APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(exchange, match, body,
          Map.of("sub", apiToken == null ? Caller.LOCAL_ANONYMOUS : LOCAL_USER));
      APIGatewayV2HTTPResponse response = match.route().invoke(event, new LocalContext(match.route().function(), Duration.ofSeconds(15), 1024));
      writeResponse(exchange, response);
    } catch (Exception e) {
      LOG.error("local front: {}", e.toString(), e);
      // API Gateway's answer when the integration itself fails.
      send(exchange, 500, "application/json", "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * From now on, while {@code reason} gives a reason, new work (POST to the api) is refused with 503 and Retry-After:
   * a job accepted then could not be finished. Reads (GET /jobs/{id}) and searches still reach their functions.
   */
  void refuseNewWorkWhile(Supplier<String> reason) {
    this.unavailable = reason;
  }

  /** Open without a token; with one, {@code Bearer <token>} compared in constant time. */
  boolean authorized(String authorization) {
    if (apiToken == null) return true;
    if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(apiToken, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    return bytes.length > MAX_BODY_BYTES ? null : bytes;
  }

  private static void writeResponse(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
    if (response.getHeaders() != null) response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    String body = response.getBody() == null ? "" : response.getBody();
    byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.getStatusCode(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  URI baseUri() {
    return URI.create("http://localhost:" + port());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
