package io.docpipe.shared.embedding;

import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.snapstart.Randomness;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a batch again after a transient failure, backing off by {@link RetryPolicy}, but only while the invocation
 * has time for the wait AND a whole request after it. Otherwise it gives up with a TRANSIENT failure whose
 * {@code retryAfter} is the backoff it would have slept: the stage hands the message back to its queue with that
 * visibility delay, so the waiting happens in SQS, not in a billed, time-limited function.
 */
public final class RetryingEmbeddingClient implements EmbeddingClient {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingEmbeddingClient.class);

  private final EmbeddingClient delegate;
  private final RetryPolicy policy;
  private final Duration requestTimeout;
  private final Metrics metrics;
  private final String operation;

  public RetryingEmbeddingClient(EmbeddingClient delegate, RetryPolicy policy, Duration requestTimeout, Metrics metrics,
      String operation) {
    this.delegate = delegate;
    this.policy = policy;
    this.requestTimeout = requestTimeout;
    this.metrics = metrics;
    this.operation = operation;
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public Embeddings embed(List<String> inputs, Invocation invocation) {
    for (int failures = 1; ; failures++) {
      EmbeddingFailure failure;
      try {
        return delegate.embed(inputs, invocation);
      } catch (EmbeddingFailure f) {
        if (f.kind() != EmbeddingFailure.Kind.TRANSIENT) throw f;
        failure = f;
      }
      Duration delay = policy.delay(failures, failure.retryAfter(), Randomness::nextDouble);
      metrics.record(PipelineMetrics.EMBEDDING_INFERENCE_RETRY_DELAY, delay.toMillis() / 1e3, model(), operation);
      boolean attemptsLeft = failures < policy.maxAttempts();
      if (!attemptsLeft || delay.plus(requestTimeout).toMillis() > invocation.remainingMillis()) {
        throw new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, failure.status(), delay,
            (attemptsLeft ? "no invocation time left to retry" : "gave up after " + failures + " attempts") + ": "
                + failure.getMessage(), failure);
      }
      EventLog.warn(LOG, LogEvent.INFERENCE_RETRY).with(LogField.ATTEMPT, failures + 1).with(LogField.DELAY_MS, delay.toMillis())
          .with(LogField.ERROR, failure.getMessage()).with(LogField.OPERATION, operation)
          .log("inference attempt {} failed ({}); trying again in {} ms", failures, failure.getMessage(), delay.toMillis());
      sleep(delay);
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 0, delay, "interrupted while backing off", e);
    }
  }
}
