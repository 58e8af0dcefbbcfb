package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link FlushOverheadBench} and prints what the flush costs per invocation with the collector up, down and
 * hanging. No assertion on the numbers: it shows the bound holds and the function goes on, and records the figures
 * docs/metrics.md quotes.
 */
class FlushOverheadTest {

  @Test
  void flushOverhead_upDownAndHanging_isPrinted_andNoInvocationFails() throws Exception {
    var up = FlushOverheadBench.run("up", 40, Map.of());
    var down = FlushOverheadBench.run("down", 40, Map.of());
    var hanging = FlushOverheadBench.run("hanging", 20, Map.of());
    var hangingShortExport = FlushOverheadBench.run("hanging", 8, Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "300"));

    System.out.println("FLUSH " + up);
    System.out.println("FLUSH " + down);
    System.out.println("FLUSH " + hanging);
    System.out.println("FLUSH " + hangingShortExport + " (OTEL_EXPORTER_OTLP_TIMEOUT=300)");
    assertThat(hanging.firstMs()).as("the first flush to a hanging collector waits the flush timeout")
        .isGreaterThanOrEqualTo(TelemetryConfig.DEFAULT_FLUSH_TIMEOUT_MS * 0.9);
  }
}
