package io.docpipe.shared.embedding;

import io.docpipe.shared.Env;
import java.net.URI;
import java.time.Duration;

/**
 * The inference server and the batch bounds it accepts (TEI's defaults: 32 inputs, 16,384 tokens per batch).
 *
 * @param baseUrl server root; requests go to {@code {baseUrl}/v1/embeddings}
 * @param dimension the vector length the model returns and the schema was created with
 */
public record EmbeddingConfig(URI baseUrl, String model, int dimension, Duration timeout, int maxBatchItems,
    int maxBatchTokens) {

  public EmbeddingConfig {
    if (maxBatchItems < 1) throw new IllegalArgumentException("EMBED_BATCH_MAX_ITEMS must be >= 1, was " + maxBatchItems);
    if (maxBatchTokens < 512) {
      throw new IllegalArgumentException("EMBED_BATCH_MAX_TOKENS must hold one 512-token chunk, was " + maxBatchTokens);
    }
  }

  public static EmbeddingConfig fromEnv(Env env) {
    return new EmbeddingConfig(
        env.uri("EMBEDDING_BASE_URL"),
        env.optional("EMBEDDING_MODEL", "bge-large-en-v1.5"),
        env.intValue("EMBEDDING_DIMENSION", 1024, 1, 16_000),
        Duration.ofMillis(env.intValue("EMBEDDING_TIMEOUT_MS", 30_000, 100, 900_000)),
        env.intValue("EMBED_BATCH_MAX_ITEMS", 32, 1, 4096),
        env.intValue("EMBED_BATCH_MAX_TOKENS", 16_384, 512, 1_048_576));
  }

  /** bge v1.5 English models want this instruction before a retrieval query (not before passages). */
  public String queryPrefix() {
    String m = model.toLowerCase(java.util.Locale.ROOT);
    return m.contains("bge") && m.contains("-en") ? "Represent this sentence for searching relevant passages: " : "";
  }
}
