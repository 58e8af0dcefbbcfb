package io.docpipe.stuckjobscanner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.SqsQueueDepths;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the stuck-job scanner. Trigger: an EventBridge schedule. Input: the scheduled event (unused).
 * Output: a summary {@code {stuck, requeued, failed}}, and the queue, DLQ and stuck-job gauges. A failure part-way
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
    return new StuckJobScanner(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock), new SqsQueueSender(aws.sqs()),
        new QueueGauges(new SqsQueueDepths(aws.sqs()), telemetry.metrics()), config, clock, telemetry);
  }

  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    return invocations.invokeScheduled(context, () -> {
      StuckJobScanner.Summary summary = scanner.scan();
      return Map.of("stuck", summary.stuck(), "requeued", summary.requeued(), "failed", summary.failed());
    });
  }
}
