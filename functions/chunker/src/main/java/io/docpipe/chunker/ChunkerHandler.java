package io.docpipe.chunker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the chunker stage. Trigger: the chunk queue. Input: {@link ChunkMessage} (the S3 key of the
 * extracted text). Output: {@code chunks/{job_id}/part-NNNNN.json} and one embed message per part. Chunks are
 * counted with the embedding model's own tokenizer so none exceeds {@code CHUNK_MAX_TOKENS}, and none is longer than
 * {@code CHUNK_MAX_CHARS} characters. A missing document fails the job; S3/SQS trouble returns the record to the queue.
 */
public final class ChunkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final Invocations invocations;
  private final ChunkerStage stage;

  public ChunkerHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public ChunkerHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock job timestamps are taken from (the fault-injection tests move it forward). */
  public ChunkerHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("chunker", environment), Env.of(environment), clock);
  }

  private ChunkerHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, env, clock, new AwsClients(env));
  }

  private ChunkerHandler(Telemetry telemetry, Env env, Clock clock, AwsClients aws) {
    this(SqsInvocations.create(telemetry, env, aws), create(env, aws, telemetry, clock));
  }

  ChunkerHandler(Telemetry telemetry, ChunkerStage stage) {
    this(new Invocations(telemetry), stage);
  }

  private ChunkerHandler(Invocations invocations, ChunkerStage stage) {
    this.invocations = invocations;
    this.stage = stage;
  }

  private static ChunkerStage create(Env env, AwsClients aws, Telemetry telemetry, Clock clock) {
    ChunkerConfig config = ChunkerConfig.fromEnv(env);
    return new ChunkerStage(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new S3BlobStore(aws.s3(), config.bucket()), new SqsQueueSender(aws::sqs), config.embedQueueUrl(),
        new Chunker(WordPieceTokenizer.bge(), config.maxTokens(), config.overlapTokens(), config.maxChars()),
        config.chunksPerPart(), telemetry);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeSqs(event, context, record -> stage.process(Json.read(record.getBody(), ChunkMessage.class)));
  }
}
