package io.docpipe.chunker;

import io.docpipe.shared.Env;

/**
 * The chunker's settings: the bounds per chunk (tokens, {@code [CLS]}/{@code [SEP]} included, and characters),
 * overlap, and part size.
 */
record ChunkerConfig(String jobsTable, String bucket, String embedQueueUrl, int maxTokens, int overlapTokens,
    int maxChars, int chunksPerPart) {

  ChunkerConfig {
    if (overlapTokens * 2 >= maxTokens) {
      throw new IllegalArgumentException("CHUNK_OVERLAP_TOKENS must be less than half of CHUNK_MAX_TOKENS, was "
          + overlapTokens + " of " + maxTokens);
    }
  }

  static ChunkerConfig fromEnv(Env env) {
    int maxTokens = env.intValue("CHUNK_MAX_TOKENS", 512, Chunker.MIN_MAX_TOKENS, 8192);
    return new ChunkerConfig(
        env.required("JOBS_TABLE"),
        env.required("DOCUMENTS_BUCKET"),
        env.required("EMBED_QUEUE_URL"),
        maxTokens,
        env.intValue("CHUNK_OVERLAP_TOKENS", 64, 0, 4096),
        env.intValue("CHUNK_MAX_CHARS", Chunker.defaultMaxChars(maxTokens), Chunker.MIN_MAX_CHARS, 1_000_000),
        env.intValue("CHUNKS_PER_PART", 64, 1, 1000));
  }
}
