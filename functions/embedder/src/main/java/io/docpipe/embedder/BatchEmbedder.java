package io.docpipe.embedder;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.ConsumptionSwitch;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.embedding.EmbeddingBatcher;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.EmbeddingFailure;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds a part's chunks in batches bounded by count and tokens. A batch the server calls too large is halved and
 * tried again (its limits may be lower than ours); server trouble the retries did not outlast becomes a transient
 * stage failure with the backoff as its delay. An open circuit switches the queue's consumption off and defers the
 * part: it waits in the queue, using up none of its receives, until the probe closes the circuit.
 */
final class BatchEmbedder {
  /** One pause request per environment in this long is enough; the scanner reconciles the switch anyway. */
  private static final long PAUSE_EVERY_NANOS = 30_000_000_000L;

  private final EmbeddingClient client;
  private final int maxItems;
  private final int maxTokens;
  private final Metrics metrics;
  private final ConsumptionSwitch consumption;
  private volatile long lastPause = System.nanoTime() - PAUSE_EVERY_NANOS;

  BatchEmbedder(EmbeddingClient client, EmbeddingConfig config, Metrics metrics, ConsumptionSwitch consumption) {
    this.client = client;
    this.maxItems = config.maxBatchItems();
    this.maxTokens = config.maxBatchTokens();
    this.metrics = metrics;
    this.consumption = consumption;
  }

  /** One vector per chunk, in chunk order. */
  List<float[]> embed(List<Chunk> chunks, Invocation invocation) {
    List<float[]> vectors = new ArrayList<>(chunks.size());
    for (List<Chunk> batch : EmbeddingBatcher.batches(chunks, Chunk::tokenCount, maxItems, maxTokens)) {
      vectors.addAll(embedBatch(batch, invocation));
    }
    return vectors;
  }

  private void pauseConsumption() {
    long now = System.nanoTime();
    if (now - lastPause < PAUSE_EVERY_NANOS) return;
    lastPause = now;
    consumption.pause();
  }

  private List<float[]> embedBatch(List<Chunk> batch, Invocation invocation) {
    try {
      metrics.record(PipelineMetrics.EMBED_BATCH_SIZE, batch.size());
      return client.embed(batch.stream().map(Chunk::text).toList(), invocation).vectors();
    } catch (EmbeddingFailure failure) {
      return switch (failure.kind()) {
        case TOO_LARGE -> {
          if (batch.size() == 1) throw StageFailure.permanent("chunk_too_large", "the server rejects a single chunk as too large");
          int half = batch.size() / 2;
          List<float[]> both = new ArrayList<>(embedBatch(batch.subList(0, half), invocation));
          both.addAll(embedBatch(batch.subList(half, batch.size()), invocation));
          yield both;
        }
        case TRANSIENT -> throw failure.retryAfter() == null
            ? StageFailure.transientFailure("inference_unavailable", failure.getMessage(), failure)
            : StageFailure.retryLater("inference_unavailable", failure.getMessage(), failure.retryAfter(), failure);
        case CIRCUIT_OPEN -> {
          pauseConsumption();
          throw StageFailure.deferred("inference_circuit_open", failure.getMessage(), failure.retryAfter());
        }
        case PERMANENT -> throw StageFailure.permanent("inference_rejected", failure.getMessage());
      };
    }
  }
}
