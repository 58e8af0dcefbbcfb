package io.docpipe.embedder;

import io.docpipe.shared.ConsumptionSwitch;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.LambdaConsumptionSwitch;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.breaker.BreakerConfig;
import io.docpipe.shared.embedding.InferenceClients;
import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.JobFrame;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * What the embedder handler runs on, built once per execution environment: the only reader of the function's
 * environment. The Lambda and SQS clients (the consumption switch, the redelivery, the probe scheduler) are built on
 * their first use (docs/decisions/0008-cold-start.md).
 */
record EmbedderWiring(Invocations invocations, JobFrame<EmbedMessage> stage, AutoCloseable environment) {

  static EmbedderWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("embedder", env);
    AwsClients aws = new AwsClients(env);
    Invocations invocations = SqsInvocations.create(telemetry, env, aws);
    EmbedderConfig config = EmbedderConfig.fromEnv(env);
    EmbeddingClient inference = InferenceClients.guarded(env, config.embedding(),
        DynamoBreakerStore.withProbes(aws, config.jobsTable(), BreakerConfig.fromEnv(env)), clock, telemetry,
        SpanAttributes.OPERATION_WRITE);
    ConsumptionSwitch consumption = new LambdaConsumptionSwitch(aws::lambda, aws::sqs, config.embedQueueUrl());
    PgVectorStore vectors = new PgVectorStore(VectorDbConfig.fromEnv(env, aws));
    DynamoJobStore jobs = new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock);
    EmbedderStage stage = new EmbedderStage(jobs,
        new S3BlobStore(aws.s3(), config.bucket()), vectors,
        new BatchEmbedder(inference, config.embedding(), telemetry.metrics(), consumption), config.embedding().model(),
        telemetry, clock);
    return new EmbedderWiring(invocations, new JobFrame<>(jobs, stage), () -> {
      vectors.close();
      aws.close();
      telemetry.shutdown();
    });
  }
}
