package io.docpipe.chunker;

import io.docpipe.shared.Env;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.JobFrame;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.time.Clock;

/**
 * What the chunker handler runs on, built once per execution environment: the only reader of the function's
 * environment. The SQS clients are built on their first use (docs/decisions/0008-cold-start.md).
 */
record ChunkerWiring(Invocations invocations, JobFrame<ChunkMessage> stage, AutoCloseable environment) {

  static ChunkerWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("chunker", env);
    AwsClients aws = new AwsClients(env);
    Invocations invocations = SqsInvocations.create(telemetry, env, aws);
    ChunkerConfig config = ChunkerConfig.fromEnv(env);
    DynamoJobStore jobs = new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock);
    ChunkerStage stage = new ChunkerStage(jobs,
        new S3BlobStore(aws.s3(), config.bucket()), new SqsQueueSender(aws::sqs), config.embedQueueUrl(),
        new Chunker(WordPieceTokenizer.bge(), config.maxTokens(), config.overlapTokens(), config.maxChars()),
        config.chunksPerPart(), telemetry);
    return new ChunkerWiring(invocations, new JobFrame<>(jobs, stage), () -> {
      aws.close();
      telemetry.shutdown();
    });
  }
}
