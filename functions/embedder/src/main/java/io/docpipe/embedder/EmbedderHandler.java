package io.docpipe.embedder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.JobFrame;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the embedder stage. Trigger: the embed queue. Input: {@link EmbedMessage} (the S3 key of one
 * part). Output: the part's vectors upserted into pgvector, the part counted on the job, and the job {@code done}
 * when it was the last part. An unavailable inference server or database returns the record to the queue (after the
 * backoff, as a visibility delay); an open inference circuit switches this function's queue consumption off.
 */
public final class EmbedderHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
  private final Invocations invocations;
  private final AutoCloseable environment;
  private final JobFrame<EmbedMessage> stage;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public EmbedderHandler() {
    this(EmbedderWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  EmbedderHandler(EmbedderWiring wiring) {
    this.invocations = wiring.invocations();
    this.environment = wiring.environment();
    this.stage = wiring.stage();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock job timestamps are taken from (the
   * local stack and its tests; the fault-injection tests move the clock forward).
   */
  public static EmbedderHandler from(Map<String, String> environment, Clock clock) {
    return new EmbedderHandler(EmbedderWiring.from(Env.of(environment), clock));
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
