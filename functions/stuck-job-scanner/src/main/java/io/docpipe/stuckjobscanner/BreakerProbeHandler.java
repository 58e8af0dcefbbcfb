package io.docpipe.stuckjobscanner;

import io.docpipe.shared.breaker.BreakerProbe;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ProbeMessage;
import io.docpipe.shared.lambda.Invocations;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the inference circuit's timed probe, deployed from the scanner's module (its half-open side
 * lives here). Trigger: the probe queue. Input: {@link ProbeMessage}, sent with a delay of the open period by whoever
 * opened the circuit. Output: the circuit closed and the embedder's consumption back on when the probe answers, or
 * the circuit open for another period and the next delayed message sent when not. A record that fails (the shared
 * state unreadable) is retried by SQS; a message lost for good leaves the probe to the scheduled scanner.
 */
public final class BreakerProbeHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final Invocations invocations;
  private final BreakerProbe probe;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public BreakerProbeHandler() {
    this(BreakerProbeWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  BreakerProbeHandler(BreakerProbeWiring wiring) {
    this.invocations = wiring.invocations();
    this.probe = wiring.probe();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock the open period is measured by (the
   * local stack and its tests).
   */
  public static BreakerProbeHandler from(Map<String, String> environment, Clock clock) {
    return new BreakerProbeHandler(BreakerProbeWiring.from(Env.of(environment), clock));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeSqs(event, context, (record, invocation) -> probe.onMessage(Json.read(record.getBody(), ProbeMessage.class), invocation));
  }
}
