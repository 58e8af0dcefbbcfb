package io.docpipe.stuckjobscanner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ProbeMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
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

  public BreakerProbeHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public BreakerProbeHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock the open period is measured by. */
  public BreakerProbeHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("stuck-job-scanner", environment), Env.of(environment), clock);
  }

  private BreakerProbeHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, env, clock, new AwsClients(env));
  }

  private BreakerProbeHandler(Telemetry telemetry, Env env, Clock clock, AwsClients aws) {
    this(SqsInvocations.create(telemetry, env, aws), create(env, aws, clock, telemetry));
  }

  private static BreakerProbe create(Env env, AwsClients aws, Clock clock, Telemetry telemetry) {
    BreakerProbeConfig config = BreakerProbeConfig.fromEnv(env);
    return StuckJobScannerHandler.probe(env, aws, config.jobsTable(), config.embedQueueUrl(), clock, telemetry);
  }

  BreakerProbeHandler(Invocations invocations, BreakerProbe probe) {
    this.invocations = invocations;
    this.probe = probe;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeSqs(event, context, record -> probe.onMessage(Json.read(record.getBody(), ProbeMessage.class)));
  }
}
