package io.docpipe.eval;

import io.docpipe.shared.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code make soak} found: its settings, each check, and the numbers; as JSON and as a summary for people. */
final class SoakReport {
  private final Map<String, Object> settings;
  private final List<SoakChecks.Check> checks;
  private final Map<String, Object> sections = new LinkedHashMap<>();

  SoakReport(Map<String, Object> settings, List<SoakChecks.Check> checks) {
    this.settings = settings;
    this.checks = List.copyOf(checks);
  }

  void put(String section, Object value) {
    sections.put(section, value);
  }

  boolean passed() {
    return checks.stream().allMatch(SoakChecks.Check::passed);
  }

  Map<String, Object> asMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("passed", passed());
    body.put("checks", checks.stream().map(c -> Map.of("name", c.name(), "passed", c.passed(), "detail", c.detail())).toList());
    body.put("settings", settings);
    body.putAll(sections);
    return body;
  }

  void write(Path out) {
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(asMap()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  /** A few lines: each check, then the numbers the README quotes. */
  String summary() {
    StringBuilder s = new StringBuilder("Soak " + (passed() ? "PASSED" : "FAILED") + "\n");
    for (SoakChecks.Check c : checks) {
      s.append(String.format(Locale.ROOT, "  [%s] %s: %s%n", c.passed() ? "ok" : "FAIL", c.name(), c.detail()));
    }
    Map<?, ?> ingestion = (Map<?, ?>) sections.getOrDefault("ingestion", Map.of());
    Map<?, ?> search = (Map<?, ?>) sections.getOrDefault("search_during_ingestion", Map.of());
    Map<?, ?> queues = (Map<?, ?>) sections.getOrDefault("queues", Map.of());
    Map<?, ?> scanner = (Map<?, ?>) sections.getOrDefault("scanner", Map.of());
    Map<?, ?> outage = (Map<?, ?>) sections.getOrDefault("outage", Map.of());
    s.append(String.format(Locale.ROOT, "  jobs/min: %s (%s jobs in %s s)%n", ingestion.get("jobs_per_minute"),
        ingestion.get("jobs"), ingestion.get("seconds")));
    s.append(String.format(Locale.ROOT, "  search during ingestion: p50 %s ms, p99 %s ms over %s answers by %s searchers;"
        + " refused %s, errors %s%n", search.get("p50_ms"), search.get("p99_ms"), search.get("ok"), search.get("searchers"),
        search.get("refused"), search.get("errors")));
    s.append(String.format(Locale.ROOT, "  largest queue age: %s s (longest wait of an active job without progress)%n",
        queues.get("largest_queue_age_seconds")));
    s.append(String.format(Locale.ROOT, "  scanner requeues: %s%n", scanner.get("requeues")));
    s.append(String.format(Locale.ROOT, "  outage: %s s from %s s in, breaker seen open %s, first job done %s s after%n",
        outage.get("lasted_seconds"), outage.get("started_after_seconds"), outage.get("circuit_breaker_seen_open"),
        outage.get("first_job_done_after_it_seconds")));
    return s.toString();
  }
}
