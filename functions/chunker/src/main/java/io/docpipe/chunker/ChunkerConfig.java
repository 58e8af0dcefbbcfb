package io.docpipe.chunker;

import io.docpipe.shared.Env;

/** The chunker's settings: the token bound per chunk ({@code [CLS]}/{@code [SEP]} included), overlap, and part size. */
record ChunkerConfig(String jobsTable, String bucket, String embedQueueUrl, int maxTokens, int overlapTokens,
    int chunksPerPart) {

  ChunkerConfig {
    if (overlapTokens * 2 >= maxTokens) {
      throw new IllegalArgumentException("CHUNK_OVERLAP_TOKENS must be less than half of CHUNK_MAX_TOKENS, was "
          + overlapTokens + " of " + maxTokens);
    }
  }

  static ChunkerConfig fromEnv(Env env) {
    return new ChunkerConfig(
        env.required("JOBS_TABLE"),
        env.required("DOCUMENTS_BUCKET"),
        env.required("EMBED_QUEUE_URL"),
        env.intValue("CHUNK_MAX_TOKENS", 512, 8, 8192),
        env.intValue("CHUNK_OVERLAP_TOKENS", 64, 0, 4096),
        env.intValue("CHUNKS_PER_PART", 64, 1, 1000));
  }
}
