package io.docpipe.local.servers.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from the translator's own rules (prometheus/otlptranslator, collector-contrib pkg/translator/prometheus). */
class OtlpPrometheusNamesTest {

  @ParameterizedTest(name = "{0} [{1}] {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      job_stage_duration             | s        | histogram | job_stage_duration_seconds
      http.server.request.duration   | s        | histogram | http_server_request_duration_seconds
      job.stage.duration_seconds     | s        | histogram | job_stage_duration_seconds
      jobs_submitted                 | 1        | counter   | jobs_submitted_total
      retries_total                  |          | counter   | retries_total
      total.retries                  |          | counter   | retries_total
      page.size                      | By       | gauge     | page_size_bytes
      request.latency                | ms       | histogram | request_latency_milliseconds
      queue_depth                    | {message}| gauge     | queue_depth
      queue_depth                    | 1        | gauge     | queue_depth_ratio
      cache.hit_ratio                | 1        | gauge     | cache_hit_ratio
      jobs.in_flight                 | 1        | updown    | jobs_in_flight
      network.io                     | By/s     | gauge     | network_io_bytes_per_second
      requests                       | {req}/s  | counter   | requests_per_second_total
      chunks                         | {chunk}/min | gauge  | chunks_per_min
      cpu.utilization                | %        | gauge     | cpu_utilization_percent
      system.disk.io                 | KiBy     | counter   | system_disk_io_kibibytes_total
      2xx.responses                  |          | counter   | _2xx_responses_total
      foo--bar::baz                  |          | gauge     | foo_bar::baz
      ümlaut.größe                   |          | gauge     | mlaut_gr_e
      ...                            |          | gauge     | ''
      """)
  void metric_followsTheTranslator(String name, String unit, String kind, String expected) {
    String prometheus = PrometheusNames.metric(name, unit == null ? "" : unit, kind.equals("counter"),
        kind.equals("gauge"));

    assertThat(prometheus).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      http.route        | http_route
      job.stage         | job_stage
      corpus_name       | corpus_name
      1st.try           | key_1st_try
      _private          | key_private
      __reserved__      | __reserved__
      k8s.pod-name      | k8s_pod_name
      """)
  void label_followsTheTranslator(String attribute, String expected) {
    assertThat(PrometheusNames.label(attribute)).isEqualTo(expected);
  }
}
