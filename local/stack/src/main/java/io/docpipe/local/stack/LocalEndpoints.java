package io.docpipe.local.stack;

import com.sun.net.httpserver.HttpExchange;
import io.docpipe.local.servers.otlp.OtlpReceiver;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Endpoints that exist only in the local stack, under {@code /_local/}: a health check, the sample documents (the
 * scraper can fetch them because the local stack allows loopback hosts), and what the functions exported to the
 * local collector: {@code /_local/traces/{trace_id}} (spans as JSON), {@code /_local/traces/{trace_id}/waterfall}
 * (the trace as indented text) and {@code /_local/metrics} (Prometheus text, names as Mimir shows them).
 */
final class LocalEndpoints {
  static final String SAMPLES = "/_local/samples/";
  static final String TRACES = "/_local/traces/";
  static final String[] SAMPLE_FILES = {"serverless-pipelines.html", "vector-search.html", "observability.html"};
  private static final Pattern TRACE_ID = Pattern.compile("^[0-9a-fA-F]{32}$");

  private LocalEndpoints() {}

  static Map<String, HttpFront.LocalEndpoint> create(OtlpReceiver telemetry) {
    Map<String, HttpFront.LocalEndpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("/_local/health", exchange -> send(exchange, 200, "application/json", "{\"status\":\"ok\"}"));
    endpoints.put(SAMPLES, LocalEndpoints::sample);
    endpoints.put(TRACES, exchange -> trace(exchange, telemetry));
    endpoints.put("/_local/metrics", exchange ->
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", telemetry.prometheusText()));
    return endpoints;
  }

  private static void trace(HttpExchange exchange, OtlpReceiver telemetry) throws IOException {
    String rest = exchange.getRequestURI().getPath().substring(TRACES.length());
    boolean waterfall = rest.endsWith("/waterfall");
    String traceId = waterfall ? rest.substring(0, rest.length() - "/waterfall".length()) : rest;
    if (!TRACE_ID.matcher(traceId).matches()) {
      send(exchange, 400, "text/plain", "a trace id is 32 hex characters");
      return;
    }
    var spans = telemetry.spans(traceId);
    if (spans.isEmpty()) {
      send(exchange, 404, "text/plain", "no spans received for trace " + traceId);
    } else if (waterfall) {
      send(exchange, 200, "text/plain; charset=utf-8", telemetry.waterfall(traceId));
    } else {
      send(exchange, 200, "application/json", Json.write(Map.of("trace_id", traceId.toLowerCase(), "spans", spans)));
    }
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
    send(exchange, 404, "text/plain", "no such sample");
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    HttpFront.send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }
}
