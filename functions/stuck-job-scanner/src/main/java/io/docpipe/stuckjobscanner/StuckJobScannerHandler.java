package io.docpipe.stuckjobscanner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoBreakerStore;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.LambdaConsumptionSwitch;
import io.docpipe.shared.aws.SqsQueueDepths;
import io.docpipe.shared.aws.SqsProbeScheduler;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.embedding.BreakerConfig;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.MeteredEmbeddingClient;
import io.docpipe.shared.embedding.OpenAiEmbeddingClient;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
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

  public StuckJobScannerHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public StuckJobScannerHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock job timestamps are taken from (the fault-injection tests move it forward). */
  public StuckJobScannerHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("stuck-job-scanner", environment), Env.of(environment), clock);
  }

  private StuckJobScannerHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, create(env, clock, telemetry));
  }

  StuckJobScannerHandler(Telemetry telemetry, StuckJobScanner scanner) {
    this.invocations = new Invocations(telemetry);
    this.scanner = scanner;
  }

  static StuckJobScanner create(Env env, Clock clock, Telemetry telemetry) {
    StuckJobScannerConfig config = StuckJobScannerConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    BreakerProbe probe = probe(env, aws, config.jobsTable(), config.embedQueueUrl(), clock, telemetry);
    return new StuckJobScanner(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock), new SqsQueueSender(aws::sqs),
        new SqsQueueDepths(aws.sqs()), probe, config, clock, telemetry);
  }

  /** The half-open probe, as the scanner and {@link BreakerProbeHandler} run it. */
  static BreakerProbe probe(Env env, AwsClients aws, String jobsTable, String embedQueueUrl, Clock clock,
      Telemetry telemetry) {
    BreakerConfig breaker = BreakerConfig.fromEnv(env);
    // The probe goes straight to the server (no retries, no breaker): it is the breaker's own question.
    return new BreakerProbe(DynamoBreakerStore.withProbes(aws, jobsTable, breaker),
        new MeteredEmbeddingClient(new OpenAiEmbeddingClient(EmbeddingConfig.fromEnv(env)), telemetry,
            SpanAttributes.OPERATION_WRITE),
        new LambdaConsumptionSwitch(aws::lambda, aws::sqs, embedQueueUrl),
        SqsProbeScheduler.of(aws, breaker.probeQueueUrl()), breaker, clock, telemetry.metrics());
  }

  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    return invocations.invokeScheduled(context, () -> {
      StuckJobScanner.Summary summary = scanner.scan();
      return Map.of("stuck", summary.stuck(), "requeued", summary.requeued(), "failed", summary.failed(),
          "waiting_on_inference", summary.waitingOnInference(), "waiting_in_backlog", summary.waitingInBacklog(),
          "breaker_state", summary.breakerState());
    });
  }
}
