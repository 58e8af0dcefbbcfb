package io.docpipe.embedder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.embedding.MeteredEmbeddingClient;
import io.docpipe.shared.embedding.OpenAiEmbeddingClient;
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
 * when it was the last part. An unavailable inference server or database returns the record to the queue.
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
    this(telemetry, create(env, telemetry, clock));
  }

  EmbedderHandler(Telemetry telemetry, EmbedderStage stage) {
    this.invocations = new Invocations(telemetry);
    this.stage = stage;
  }

  private static EmbedderStage create(Env env, Telemetry telemetry, Clock clock) {
    EmbedderConfig config = EmbedderConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    var inference = new MeteredEmbeddingClient(new OpenAiEmbeddingClient(config.embedding()), telemetry,
        SpanAttributes.OPERATION_WRITE);
    return new EmbedderStage(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new S3BlobStore(aws.s3(), config.bucket()), new PgVectorStore(VectorDbConfig.fromEnv(env, aws)),
        new BatchEmbedder(inference, config.embedding(), telemetry.metrics()), config.embedding().model(), telemetry,
        clock);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeSqs(event, context, record -> stage.process(Json.read(record.getBody(), EmbedMessage.class)));
  }
}
