package io.docpipe.shared.telemetry;

import io.docpipe.shared.lambda.Invocations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Against a local OTLP receiver: the frame's flush is what makes telemetry leave before the handler returns. */
class FlushOnInvokeTest {
  private static final Logger LOG = LoggerFactory.getLogger(FlushOnInvokeTest.class);

  @Test
  void tracesMetricsAndLogs_reachTheCollector_beforeTheHandlerReturns() {
    try (OtlpTestReceiver collector = new OtlpTestReceiver(false)) {
      // The flush returns as soon as the collector has answered; the generous deadline only keeps a cold first flush
      // on a busy machine from being cut short.
      Telemetry telemetry = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
          "TELEMETRY_FLUSH_TIMEOUT_MS", "60000"));

      invokeOnce(telemetry);

      assertThat(collector.paths()).contains("/v1/traces", "/v1/metrics", "/v1/logs");
      telemetry.shutdown();
    }
  }

  @Test
  void withTheFlushTurnedOff_nothingReachesTheCollector_untilShutdownSendsWhatWasHeld() {
    try (OtlpTestReceiver collector = new OtlpTestReceiver(false)) {
      Telemetry telemetry = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
          "TELEMETRY_FLUSH", "false"));

      invokeOnce(telemetry);

      // Checked when the handler returns, the moment Lambda freezes the environment: what is not at the collector
      // now never leaves. The SDK's own export timers are a day long (SdkFactory), so only a flush could have sent.
      assertThat(collector.paths()).isEmpty();
      // The telemetry was recorded and held, not lost: shutting down exports it to the same, listening collector.
      telemetry.shutdown();
      assertThat(awaitPaths(collector, 3)).contains("/v1/traces", "/v1/metrics", "/v1/logs");
    }
  }

  @Test
  void collectorDownOrHanging_theInvocationStillSucceeds() throws Exception {
    Telemetry down = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
        "http://127.0.0.1:" + OtlpTestReceiver.freePort()));
    assertThat(invokeOnce(down)).isEqualTo("done");
    try (OtlpTestReceiver hanging = new OtlpTestReceiver(true)) {
      Telemetry wedged = Telemetry.create("api", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", hanging.endpoint(),
          "TELEMETRY_FLUSH_TIMEOUT_MS", "100"));
      assertThat(invokeOnce(wedged)).isEqualTo("done");
      assertThat(wedged.flush()).as("an export still in flight: not waited for again").isFalse();
    }
  }

  /** Polls until the collector has had {@code count} requests (shutdown waits 5 s at most, a busy machine longer). */
  private static List<String> awaitPaths(OtlpTestReceiver collector, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (collector.paths().size() < count && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // between probes, not a wait for the result
    }
    return collector.paths();
  }

  private static String invokeOnce(Telemetry telemetry) {
    return new Invocations(telemetry).invokeScheduled(null, inv -> {
      try (TracedSpan ignored = TracedSpan.start(telemetry.tracer(), "work")) {
        telemetry.metrics().add(PipelineMetrics.JOBS_SUBMITTED, 1);
        EventLog.info(LOG, LogEvent.JOB_QUEUED).log("a line for the logs pipeline");
      }
      return "done";
    });
  }
}
