package io.docpipe.stuckjobscanner;

import io.docpipe.shared.breaker.BreakerProbe;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.SqsQueueDepths;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * What the stuck-job scanner's handler runs on, built once per execution environment: the only reader of the
 * function's environment.
 */
record StuckJobScannerWiring(Invocations invocations, StuckJobScanner scanner) {

  static StuckJobScannerWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("stuck-job-scanner", env);
    StuckJobScannerConfig config = StuckJobScannerConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    BreakerProbe probe = BreakerProbeWiring.probe(env, aws, config.jobsTable(), config.embedQueueUrl(), clock, telemetry);
    StuckJobScanner scanner = new StuckJobScanner(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new SqsQueueSender(aws::sqs), new SqsQueueDepths(aws.sqs()), probe, config, clock, telemetry);
    return new StuckJobScannerWiring(new Invocations(telemetry), scanner);
  }
}
