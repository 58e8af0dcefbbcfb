package io.docpipe.local.servers.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Series from hand-made points, for the cases the SDK does not produce by default. */
class OtlpPrometheusTextTest {
  private static final Map<String, Object> RESOURCE = Map.of(
      "service.name", "chunker", "service.namespace", "docpipe", "service.version", "0.9.1");

  private final MetricStore store = new MetricStore(100);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      0             | 0
      1             | 1
      -2.5          | -2.5
      0.005         | 0.005
      0.0001        | 0.0001
      0.00001       | 1e-05
      100000        | 100000
      1000000       | 1e+06
      1234567       | 1.234567e+06
      1.5E300       | 1.5e+300
      0.1           | 0.1
      Infinity      | +Inf
      -Infinity     | -Inf
      NaN           | NaN
      """)
  void number_isFormattedAsGoFormatsIt(double value, String expected) {
    assertThat(PrometheusText.number(value)).isEqualTo(expected);
  }

  @Test
  void labels_jobJoinsTheNamespace_andCollidingAttributesJoinTheirValues() {
    store.add(sum("chunks.produced", true, "CUMULATIVE", 1, 12, Map.of("job.stage", "chunking", "job_stage", "x")));

    assertThat(render()).contains("chunks_produced_total{job=\"docpipe/chunker\",job_stage=\"chunking;x\","
        + "service_version=\"0.9.1\"} 12\n");
  }

  @Test
  void deploymentEnvironment_isALabel_asTheCollectorLayerPromotesIt() {
    store.add(new MetricPoint("jobs.submitted", "", "", MetricPoint.Type.SUM, true, "CUMULATIVE", "api", 1, Map.of(),
        Map.of("service.name", "api", "service.version", "abc123", "deployment.environment", "staging"), false, 5.0,
        null, null, null, null, null));

    assertThat(render()).contains("jobs_submitted_total{deployment_environment=\"staging\",job=\"api\","
        + "service_version=\"abc123\"} 5\n");
  }

  @Test
  void deltaSums_areLeftOut_andNonMonotonicSumsAreGauges() {
    store.add(sum("delta.count", true, "DELTA", 1, 3, Map.of()));
    store.add(sum("jobs.active", false, "CUMULATIVE", 1, 4, Map.of()));

    assertThat(render()).doesNotContain("delta").contains("# TYPE jobs_active gauge\n");
  }

  @Test
  void anOlderPoint_doesNotReplaceANewerOne() {
    store.add(sum("jobs.failed", true, "CUMULATIVE", 20, 7, Map.of()));
    store.add(sum("jobs.failed", true, "CUMULATIVE", 10, 5, Map.of()));

    assertThat(render()).contains("jobs_failed_total{job=\"docpipe/chunker\",service_version=\"0.9.1\"} 7\n");
  }

  @Test
  void pastCapacity_theSeriesUpdatedLongestAgoGoes() {
    MetricStore small = new MetricStore(2);
    small.add(sum("a", true, "CUMULATIVE", 1, 1, Map.of()));
    small.add(sum("b", true, "CUMULATIVE", 1, 1, Map.of()));
    small.add(sum("a", true, "CUMULATIVE", 2, 2, Map.of()));
    small.add(sum("c", true, "CUMULATIVE", 1, 1, Map.of()));

    assertThat(small.snapshot()).extracting(MetricStore.Series::name).containsExactly("a_total", "c_total");
  }

  @Test
  void labelValues_areEscaped_andNonStringAttributesWrittenAsTheTranslatorWritesThem() {
    store.add(sum("odd", true, "CUMULATIVE", 1, 1,
        Map.of("path", "a\"b\\c\nd", "ratio", 0.25, "count", 3L, "ok", true, "tags", List.of("x", "y"))));

    assertThat(render()).contains("count=\"3\"", "ok=\"true\"", "path=\"a\\\"b\\\\c\\nd\"", "ratio=\"0.25\"",
        "tags=\"[\\\"x\\\",\\\"y\\\"]\"");
  }

  private String render() {
    return PrometheusText.render(store.snapshot());
  }

  private static MetricPoint sum(String name, boolean monotonic, String temporality, long time, double value,
      Map<String, Object> attributes) {
    return new MetricPoint(name, "", "", MetricPoint.Type.SUM, monotonic, temporality, "chunker", time, attributes,
        RESOURCE, false, value, null, null, null, null, null);
  }
}
