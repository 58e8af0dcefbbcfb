package io.docpipe.embedder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.ConsumptionSwitch;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.aws.DynamoBreakerStore;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.LambdaConsumptionSwitch;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.embedding.BreakerConfig;
import io.docpipe.shared.embedding.InferenceClients;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the embedder stage. Trigger: the embed queue. Input: {@link EmbedMessage} (the S3 key of one
 * part). Output: the part's vectors upserted into pgvector, the part counted on the job, and the job {@code done}
 * when it was the last part. An unavailable inference server or database returns the record to the queue (after the
 * backoff, as a visibility delay); an open inference circuit switches this function's queue consumption off.
 */
public final class EmbedderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final Invocations invocations;
  private final EmbedderStage stage;

  public EmbedderHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public EmbedderHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock job timestamps are taken from (the fault-injection tests move it forward). */
  public EmbedderHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("embedder", environment), Env.of(environment), clock);
  }

  private EmbedderHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, env, clock, new AwsClients(env));
  }

  private EmbedderHandler(Telemetry telemetry, Env env, Clock clock, AwsClients aws) {
    this(SqsInvocations.create(telemetry, env, aws), create(env, aws, telemetry, clock));
  }

  EmbedderHandler(Telemetry telemetry, EmbedderStage stage) {
    this(new Invocations(telemetry), stage);
  }

  private EmbedderHandler(Invocations invocations, EmbedderStage stage) {
    this.invocations = invocations;
    this.stage = stage;
  }

  private static EmbedderStage create(Env env, AwsClients aws, Telemetry telemetry, Clock clock) {
    EmbedderConfig config = EmbedderConfig.fromEnv(env);
    EmbeddingClient inference = InferenceClients.guarded(env, config.embedding(),
        DynamoBreakerStore.withProbes(aws, config.jobsTable(), BreakerConfig.fromEnv(env)), clock, telemetry,
        SpanAttributes.OPERATION_WRITE);
    ConsumptionSwitch consumption = new LambdaConsumptionSwitch(aws::lambda, aws::sqs, config.embedQueueUrl());
    return new EmbedderStage(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new S3BlobStore(aws.s3(), config.bucket()), new PgVectorStore(VectorDbConfig.fromEnv(env, aws)),
        new BatchEmbedder(inference, config.embedding(), telemetry.metrics(), consumption), config.embedding().model(),
        telemetry, clock);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeSqs(event, context, record -> stage.process(Json.read(record.getBody(), EmbedMessage.class)));
  }
}
