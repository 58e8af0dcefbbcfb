package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Against a local OTLP receiver: the frame's flush is what makes telemetry leave before the handler returns. */
class FlushOnInvokeTest {
  private static final Logger LOG = LoggerFactory.getLogger(FlushOnInvokeTest.class);

  @Test
  void tracesMetricsAndLogs_reachTheCollector_beforeTheHandlerReturns() {
    try (OtlpTestReceiver collector = new OtlpTestReceiver(false)) {
      Telemetry telemetry = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
          "TELEMETRY_FLUSH_TIMEOUT_MS", "5000"));

      invokeOnce(telemetry);

      assertThat(collector.paths()).contains("/v1/traces", "/v1/metrics", "/v1/logs");
      telemetry.shutdown();
    }
  }

  @Test
  void withTheFlushTurnedOff_nothingReachesTheCollector() throws Exception {
    try (OtlpTestReceiver collector = new OtlpTestReceiver(false)) {
      Telemetry telemetry = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
          "TELEMETRY_FLUSH", "false"));

      invokeOnce(telemetry);
      // Absence cannot be polled for; this is how long a live collector took in the test above, many times over.
      Thread.sleep(500);

      assertThat(collector.paths()).isEmpty();
    }
  }

  @Test
  void collectorDownOrHanging_theInvocationStillSucceeds() throws Exception {
    Telemetry down = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
        "http://127.0.0.1:" + FlushOverheadBench.freePort()));
    assertThat(invokeOnce(down)).isEqualTo("done");
    try (OtlpTestReceiver hanging = new OtlpTestReceiver(true)) {
      Telemetry wedged = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", hanging.endpoint(),
          "TELEMETRY_FLUSH_TIMEOUT_MS", "100"));
      assertThat(invokeOnce(wedged)).isEqualTo("done");
      assertThat(wedged.flush()).as("an export still in flight: not waited for again").isFalse();
    }
  }

  private static String invokeOnce(Telemetry telemetry) {
    return new Invocations(telemetry).invokeScheduled(null, () -> {
      try (TracedSpan ignored = TracedSpan.start(telemetry.tracer(), "work")) {
        telemetry.metrics().add(PipelineMetrics.JOBS_SUBMITTED, 1);
        EventLog.info(LOG, LogEvent.JOB_QUEUED).log("a line for the logs pipeline");
      }
      return "done";
    });
  }
}
