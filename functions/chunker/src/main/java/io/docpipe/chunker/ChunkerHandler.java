package io.docpipe.chunker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.JobFrame;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the chunker stage. Trigger: the chunk queue. Input: {@link ChunkMessage} (the S3 key of the
 * extracted text). Output: {@code chunks/{job_id}/part-NNNNN.json} and one embed message per part. Chunks are
 * counted with the embedding model's own tokenizer so none exceeds {@code CHUNK_MAX_TOKENS}, and none is longer than
 * {@code CHUNK_MAX_CHARS} characters. A missing document fails the job; S3/SQS trouble returns the record to the queue.
 */
public final class ChunkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
  private final Invocations invocations;
  private final AutoCloseable environment;
  private final JobFrame<ChunkMessage> stage;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public ChunkerHandler() {
    this(ChunkerWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  ChunkerHandler(ChunkerWiring wiring) {
    this.invocations = wiring.invocations();
    this.environment = wiring.environment();
    this.stage = wiring.stage();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock job timestamps are taken from (the
   * local stack and its tests; the fault-injection tests move the clock forward).
   */
  public static ChunkerHandler from(Map<String, String> environment, Clock clock) {
    return new ChunkerHandler(ChunkerWiring.from(Env.of(environment), clock));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeJobs(event, context, stage);
  }

  /**
   * Releases what this environment holds (its telemetry SDK's threads, connections). Lambda never calls it: the
   * process ends with the environment. The local stack does when it replaces an environment after a crash or timeout.
   */
  @Override
  public void close() throws Exception {
    environment.close();
  }
}
