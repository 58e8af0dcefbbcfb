package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue against the spec: names and labels as Mimir shows them, after the OTLP-to-Prometheus translation. */
class PipelineMetricsTest {
  /** The spec's metrics that apply to this design, with the spec's labels. */
  private static final Map<String, List<String>> SPEC = new LinkedHashMap<>();

  static {
    SPEC.put("jobs_submitted_total", List.of());
    SPEC.put("jobs_completed_total", List.of("status"));
    SPEC.put("jobs_failed_total", List.of("failed_stage"));
    SPEC.put("job_stage_duration_seconds", List.of("stage"));
    SPEC.put("job_end_to_end_duration_seconds", List.of());
    SPEC.put("queue_depth", List.of("queue", "stage"));
    SPEC.put("dlq_depth", List.of("queue"));
    SPEC.put("rate_limit_hits_total", List.of("endpoint"));
    SPEC.put("scrape_requests_total", List.of("status", "domain", "mode"));
    SPEC.put("scrape_duration_seconds", List.of("mode"));
    SPEC.put("scrape_response_size_bytes", List.of());
    SPEC.put("scrape_retry_total", List.of("domain"));
    SPEC.put("chunks_produced_total", List.of("strategy"));
    SPEC.put("chunk_size_tokens", List.of("strategy"));
    SPEC.put("chunking_duration_seconds", List.of("mode"));
    SPEC.put("embedding_inference_requests_total", List.of("model", "status"));
    SPEC.put("embedding_tokens_processed_total", List.of("model"));
    SPEC.put("embedding_inference_duration_seconds", List.of("model"));
    SPEC.put("embedding_inference_errors_total", List.of("model", "error_type"));
    SPEC.put("embeddings_stored_total", List.of());
    SPEC.put("embed_batch_size", List.of());
    SPEC.put("embedding_request_duration_seconds", List.of("operation"));
    SPEC.put("corpus_read_requests_total", List.of("status"));
    SPEC.put("vector_db_search_duration_seconds", List.of());
    SPEC.put("search_results_returned", List.of());
    SPEC.put("embedding_circuit_breaker_state", List.of());
    SPEC.put("http_requests_total", List.of("method", "path", "status_code"));
    SPEC.put("http_request_duration_seconds", List.of("path"));
  }

  /**
   * Labels added beyond the spec's, each said in docs/metrics.md: operation on every embedding metric both paths record
   * (the spec asks for it), and how a search ranked (search.mode in docs/otel-attributes.yaml's additions).
   */
  private static final Map<String, Set<String>> ADDED_LABELS = Map.of("corpus_read_requests_total", Set.of("search_mode"));

  @Test
  void everyApplicableSpecMetric_isInTheCatalogue_withTheSpecsLabels() {
    Map<String, Metric> byName = PipelineMetrics.all().stream().collect(Collectors.toMap(Metric::name, m -> m));

    SPEC.forEach((name, labels) -> {
      assertThat(byName).as(name).containsKey(name);
      List<String> extra = new ArrayList<>(byName.get(name).labels());
      extra.removeAll(labels);
      assertThat(byName.get(name).labels()).as(name).containsAll(labels);
      assertThat(extra).as(name + " labels beyond the spec's").isSubsetOf(ADDED_LABELS.getOrDefault(name,
          name.startsWith("embedding_") ? Set.of("operation") : Set.of()));
    });
  }

  @Test
  void everyName_survivesTheOtlpToPrometheusTranslation_unchanged() {
    for (Metric m : PipelineMetrics.all()) {
      assertThat(prometheusName(m)).as(m.name() + " [" + m.unit() + ", " + m.kind() + "]").isEqualTo(m.name());
      assertThat(m.name()).matches("[a-z][a-z0-9_]*");
      if (m.name().endsWith("_seconds")) assertThat(m.unit()).as(m.name()).isEqualTo("s");
      if (m.name().endsWith("_bytes")) assertThat(m.unit()).as(m.name()).isEqualTo("By");
      if (m.kind() == Metric.Kind.COUNTER) assertThat(m.name()).endsWith("_total");
      assertThat(m.labels()).allMatch(l -> l.matches("[a-z][a-z_]*"));
    }
    assertThat(PipelineMetrics.all()).extracting(Metric::name).doesNotHaveDuplicates();
  }

  @Test
  void histogramBuckets_ascend() {
    for (Metric m : PipelineMetrics.all()) {
      assertThat(m.buckets()).as(m.name()).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
    }
  }

  /**
   * The translation Prometheus, Mimir and the collector apply to an OTLP metric (prometheus/otlptranslator, with
   * suffixes): the unit's word is appended unless a name token already is that word, annotation units add nothing,
   * gauges measured in 1 get _ratio, and monotonic sums end in _total exactly once.
   */
  static String prometheusName(Metric m) {
    List<String> tokens = new ArrayList<>(List.of(m.name().split("_")));
    tokens.removeIf(String::isEmpty);
    String unit = m.unit().contains("{") ? "" : switch (m.unit()) {
      case "s" -> "seconds";
      case "ms" -> "milliseconds";
      case "By" -> "bytes";
      case "1" -> m.kind() == Metric.Kind.GAUGE ? "ratio" : "";
      default -> m.unit();
    };
    if (!unit.isEmpty() && !tokens.contains(unit)) tokens.add(unit);
    if (m.kind() == Metric.Kind.COUNTER) {
      tokens.removeIf("total"::equals);
      tokens.add("total");
    }
    return String.join("_", tokens);
  }
}
