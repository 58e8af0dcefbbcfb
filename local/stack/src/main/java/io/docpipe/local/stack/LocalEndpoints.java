package io.docpipe.local.stack;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoints that exist only in the local stack, under {@code /_local/}: a health check and the sample documents, which
 * the scraper can fetch from this machine because the local stack allows loopback hosts.
 */
final class LocalEndpoints {
  static final String SAMPLES = "/_local/samples/";
  static final String[] SAMPLE_FILES = {"serverless-pipelines.html", "vector-search.html", "observability.html"};

  private LocalEndpoints() {}

  static Map<String, HttpFront.LocalEndpoint> create() {
    Map<String, HttpFront.LocalEndpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("/_local/health", exchange -> HttpFront.send(exchange, 200, "application/json",
        "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
    endpoints.put(SAMPLES, LocalEndpoints::sample);
    return endpoints;
  }

  private static void sample(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring(SAMPLES.length());
    // Only the shipped file names: no path from the request reaches the class loader.
    for (String file : SAMPLE_FILES) {
      if (file.equals(name)) {
        try (InputStream in = LocalEndpoints.class.getResourceAsStream("/samples/" + file)) {
          if (in != null) {
            HttpFront.send(exchange, 200, "text/html; charset=utf-8", in.readAllBytes());
            return;
          }
        }
      }
    }
    HttpFront.send(exchange, 404, "text/plain", "no such sample".getBytes(StandardCharsets.UTF_8));
  }
}
