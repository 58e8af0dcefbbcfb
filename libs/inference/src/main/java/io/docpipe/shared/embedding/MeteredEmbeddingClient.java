package io.docpipe.shared.embedding;

import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import io.opentelemetry.api.trace.SpanKind;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EmbeddingClient} that records each inference request: an {@code inference} client span with
 * {@code embedding.model}, {@code embedding.tokens} and {@code operation}, the embedding_inference_* metrics, and on
 * the write path the spec's {@code inference_embed_complete} volume line. {@code operation} is read (search) or write
 * (the embedder), so a slow embed batch never shows in the read path's latency.
 */
public final class MeteredEmbeddingClient implements EmbeddingClient {
  private static final Logger LOG = LoggerFactory.getLogger(MeteredEmbeddingClient.class);

  private final EmbeddingClient delegate;
  private final Telemetry telemetry;
  private final String operation;

  public MeteredEmbeddingClient(EmbeddingClient delegate, Telemetry telemetry, String operation) {
    if (!operation.equals(SpanAttributes.OPERATION_READ) && !operation.equals(SpanAttributes.OPERATION_WRITE)) {
      throw new IllegalArgumentException("operation must be read or write, was " + operation);
    }
    this.delegate = delegate;
    this.telemetry = telemetry;
    this.operation = operation;
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public Embeddings embed(List<String> inputs, Invocation invocation) {
    String model = delegate.model();
    Metrics metrics = telemetry.metrics();
    long start = System.nanoTime();
    try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "inference", SpanKind.CLIENT)
        .set(SpanAttributes.EMBEDDING_MODEL, model).set(SpanAttributes.OPERATION, operation)) {
      try {
        Embeddings result = delegate.embed(inputs, invocation);
        span.set(SpanAttributes.EMBEDDING_TOKENS, (long) result.promptTokens());
        metrics.add(PipelineMetrics.EMBEDDING_INFERENCE_REQUESTS, 1, model, "ok", operation);
        metrics.add(PipelineMetrics.EMBEDDING_TOKENS_PROCESSED, result.promptTokens(), model, operation);
        metrics.recordSince(PipelineMetrics.EMBEDDING_INFERENCE_DURATION, start, model, operation);
        if (operation.equals(SpanAttributes.OPERATION_WRITE)) {
          long ms = (System.nanoTime() - start) / 1_000_000;
          EventLog.info(LOG, LogEvent.INFERENCE_EMBED_COMPLETE).with(LogField.MODEL, model)
              .with(LogField.PROMPT_TOKENS, result.promptTokens()).with(LogField.BATCH_SIZE, inputs.size())
              .with(LogField.INFERENCE_LATENCY_MS, ms).with(LogField.OPERATION, operation)
              .log("embedded {} inputs, {} tokens in {} ms", inputs.size(), result.promptTokens(), ms);
        }
        return result;
      } catch (EmbeddingFailure failure) {
        String errorType = errorType(failure);
        span.fail(failure, errorType);
        metrics.add(PipelineMetrics.EMBEDDING_INFERENCE_REQUESTS, 1, model, "error", operation);
        metrics.add(PipelineMetrics.EMBEDDING_INFERENCE_ERRORS, 1, model, errorType, operation);
        metrics.recordSince(PipelineMetrics.EMBEDDING_INFERENCE_DURATION, start, model, operation);
        throw failure;
      }
    }
  }

  /** The error_type label: what went wrong, in the spec's terms (server unavailable, connection, token limit). */
  static String errorType(EmbeddingFailure failure) {
    int status = failure.status();
    if (status == 0) {
      for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
        if (t instanceof HttpTimeoutException) return "timeout";
        if (t instanceof ConnectException) return "connection_error";
      }
      return "connection_error";
    }
    if (status == 413 || status == 422) return "token_limit_exceeded";
    if (status == 429) return "overloaded";
    if (status == 503 || status == 424) return "server_unavailable";
    if (status >= 500) return "server_error";
    if (status / 100 == 2) return "malformed_response";
    return "bad_request";
  }
}
