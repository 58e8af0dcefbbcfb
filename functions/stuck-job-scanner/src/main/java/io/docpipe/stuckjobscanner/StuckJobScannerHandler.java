package io.docpipe.stuckjobscanner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.lambda.Invocations;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the stuck-job scanner. Trigger: an EventBridge schedule. Input: the scheduled event (unused).
 * Output: a summary {@code {stuck, requeued, failed, waiting_on_inference, waiting_in_backlog, breaker_state}}, the
 * queue, DLQ, stuck-job and
 * circuit breaker gauges, and the inference circuit's half-open probe. A failure part-way
 * leaves the rest for the next run; a job is requeued at most once per run, even with two scanners running.
 */
public final class StuckJobScannerHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
  private final Invocations invocations;
  private final StuckJobScanner scanner;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public StuckJobScannerHandler() {
    this(StuckJobScannerWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  StuckJobScannerHandler(StuckJobScannerWiring wiring) {
    this.invocations = wiring.invocations();
    this.scanner = wiring.scanner();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock job timestamps are taken from (the
   * local stack and its tests; the fault-injection tests move the clock forward).
   */
  public static StuckJobScannerHandler from(Map<String, String> environment, Clock clock) {
    return new StuckJobScannerHandler(StuckJobScannerWiring.from(Env.of(environment), clock));
  }

  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    return invocations.invokeScheduled(context, invocation -> {
      StuckJobScanner.Summary summary = scanner.scan(invocation);
      return Map.of("stuck", summary.stuck(), "requeued", summary.requeued(), "failed", summary.failed(),
          "waiting_on_inference", summary.waitingOnInference(), "waiting_in_backlog", summary.waitingInBacklog(),
          "breaker_state", summary.breakerState());
    });
  }
}
