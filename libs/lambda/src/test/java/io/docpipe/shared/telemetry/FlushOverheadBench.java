package io.docpipe.shared.telemetry;

import io.docpipe.shared.lambda.Invocations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the per-invocation flush costs when the collector is up, down (connection refused) and hanging (accepts, never
 * answers). Each simulated invocation ends a span, records a metric and logs a line, then flushes; the time the flush
 * takes is what an invocation pays. Prints numbers; asserts nothing about them (timings depend on the machine).
 * {@code main} runs one scenario in a fresh JVM, which is how the cold first flush is measured.
 */
final class FlushOverheadBench {
  private static final Logger LOG = LoggerFactory.getLogger(FlushOverheadBench.class);

  record Result(String scenario, double firstMs, double medianMs, double p90Ms, double maxMs, int invocations) {
    @Override
    public String toString() {
      return "%-8s first %7.1f ms   then median %6.2f ms  p90 %6.2f ms  max %7.1f ms  (%d invocations)"
          .formatted(scenario, firstMs, medianMs, p90Ms, maxMs, invocations);
    }
  }

  static Result run(String scenario, int count, Map<String, String> extraEnv) throws Exception {
    OtlpTestReceiver receiver = scenario.equals("down") ? null : new OtlpTestReceiver(scenario.equals("hanging"));
    try {
      String endpoint = receiver != null ? receiver.endpoint() : "http://127.0.0.1:" + OtlpTestReceiver.freePort();
      Map<String, String> env = new java.util.HashMap<>(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint));
      env.putAll(extraEnv);
      Telemetry telemetry = Telemetry.create("bench", env);
      Invocations invocations = new Invocations(telemetry);
      double[] ms = new double[count];
      for (int i = 0; i < count; i++) {
        // What the invocation pays for telemetry: from the end of its work to the frame's return (span end, the
        // Lambda metrics, the flush).
        long workEnd = invocations.invokeScheduled(null, inv -> {
          try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "work").job("job-" + System.nanoTime(), "https://example.com", "c")) {
            telemetry.metrics().add(PipelineMetrics.JOBS_SUBMITTED, 1);
            LOG.info("bench line");
          }
          return System.nanoTime();
        });
        ms[i] = (System.nanoTime() - workEnd) / 1e6;
      }
      // Release a hanging receiver's requests first, or shutting down would wait for them.
      if (receiver != null) receiver.close();
      telemetry.shutdown();
      double[] rest = Arrays.copyOfRange(ms, 1, ms.length);
      Arrays.sort(rest);
      return new Result(scenario, ms[0], rest[rest.length / 2], rest[(int) (rest.length * 0.9)], rest[rest.length - 1], count);
    } finally {
      if (receiver != null) receiver.close();
    }
  }

  /** {@code java -cp <test classpath> io.docpipe.shared.telemetry.FlushOverheadBench up|down|hanging [invocations]}. */
  public static void main(String[] args) throws Exception {
    List<Result> results = new ArrayList<>();
    for (String scenario : args[0].split(",")) results.add(run(scenario, args.length > 1 ? Integer.parseInt(args[1]) : 30, Map.of()));
    results.forEach(r -> System.out.println("FLUSH " + r));
    System.exit(0);
  }
}
