package io.docpipe.stuckjobscanner;

import io.docpipe.shared.breaker.BreakerProbe;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import io.docpipe.shared.aws.LambdaConsumptionSwitch;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.aws.SqsProbeScheduler;
import io.docpipe.shared.breaker.BreakerConfig;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.MeteredEmbeddingClient;
import io.docpipe.shared.embedding.OpenAiEmbeddingClient;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * What the breaker-probe handler runs on, built once per execution environment: the only reader of the function's
 * environment. It reports as the scanner's service, the module it is deployed from.
 */
record BreakerProbeWiring(Invocations invocations, BreakerProbe probe) {

  static BreakerProbeWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("stuck-job-scanner", env);
    AwsClients aws = new AwsClients(env);
    Invocations invocations = SqsInvocations.create(telemetry, env, aws);
    BreakerProbeConfig config = BreakerProbeConfig.fromEnv(env);
    return new BreakerProbeWiring(invocations,
        probe(env, aws, config.jobsTable(), config.embedQueueUrl(), clock, telemetry));
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
}
