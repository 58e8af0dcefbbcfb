package io.docpipe.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The parts of Prometheus' HTTP API (/api/v1) the dashboards need: range and instant queries, label values. */
public final class PrometheusApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** One series of a result; a value is NaN where Prometheus answered NaN (e.g. a quantile of no observations). */
  public record Series(Map<String, String> labels, List<Sample> samples) {
    public long finiteSamples() {
      return samples.stream().filter(s -> Double.isFinite(s.value())).count();
    }
  }

  public record Sample(long epochMillis, double value) {}

  /** A query Prometheus refused (bad syntax, unknown function): its message. */
  public static final class QueryException extends IOException {
    public QueryException(String message) {
      super(message);
    }
  }

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public PrometheusApi(URI base) {
    this.base = base;
  }

  public List<Series> queryRange(String expr, Instant start, Instant end, Duration step) throws IOException {
    JsonNode data = get("/api/v1/query_range", "query", expr, "start", seconds(start), "end", seconds(end),
        "step", step.toMillis() / 1000.0 + "");
    return series(data.path("result"), "values");
  }

  public List<Series> query(String expr, Instant at) throws IOException {
    JsonNode data = get("/api/v1/query", "query", expr, "time", seconds(at));
    if (data.path("resultType").asText().equals("scalar")) {
      JsonNode v = data.path("result");
      return List.of(new Series(Map.of(), List.of(sample(v))));
    }
    return series(data.path("result"), "value");
  }

  /** A loaded rule as /api/v1/rules reports it: health is ok, err (its last evaluation failed) or unknown. */
  public record Rule(String group, String name, String type, String health, String lastError, String state) {}

  /** Every rule of every loaded group, with the outcome of its latest evaluation. */
  public List<Rule> rules() throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode group : get("/api/v1/rules").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        rules.add(new Rule(group.path("name").asText(), rule.path("name").asText(), rule.path("type").asText(),
            rule.path("health").asText(), rule.path("lastError").asText(""), rule.path("state").asText("")));
      }
    }
    return rules;
  }

  /** Values of {@code label} on the series {@code match} selects (all series when null). */
  public List<String> labelValues(String label, String match) throws IOException {
    JsonNode data = match == null ? get("/api/v1/label/" + label + "/values")
        : get("/api/v1/label/" + label + "/values", "match[]", match);
    List<String> values = new ArrayList<>();
    data.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<Series> series(JsonNode result, String valuesField) {
    List<Series> out = new ArrayList<>();
    for (JsonNode s : result) {
      Map<String, String> labels = new TreeMap<>();
      s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      List<Sample> samples = new ArrayList<>();
      if (valuesField.equals("values")) s.path("values").forEach(v -> samples.add(sample(v)));
      else samples.add(sample(s.path("value")));
      out.add(new Series(labels, samples));
    }
    return out;
  }

  private static Sample sample(JsonNode pair) {
    return new Sample(Math.round(pair.get(0).asDouble() * 1000), parse(pair.get(1).asText()));
  }

  private static double parse(String value) {
    return switch (value) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }

  private JsonNode get(String path, String... params) throws IOException {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i + 1 < params.length; i += 2) {
      query.append(query.isEmpty() ? "?" : "&").append(URLEncoder.encode(params[i], StandardCharsets.UTF_8))
          .append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path + query)).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + path, e);
    }
    JsonNode body = JSON.readTree(response.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new QueryException(body.path("errorType").asText() + ": " + body.path("error").asText()
          + " (HTTP " + response.statusCode() + ")");
    }
    return body.path("data");
  }

  private static String seconds(Instant t) {
    return String.valueOf(t.toEpochMilli() / 1000.0);
  }
}
