package io.docpipe.embedder;

import io.docpipe.shared.Env;
import io.docpipe.shared.embedding.EmbeddingConfig;

/** The embedder's settings; the vector DB's come separately because resolving them may call Secrets Manager. */
record EmbedderConfig(String jobsTable, String bucket, EmbeddingConfig embedding) {
  static EmbedderConfig fromEnv(Env env) {
    return new EmbedderConfig(env.required("JOBS_TABLE"), env.required("DOCUMENTS_BUCKET"), EmbeddingConfig.fromEnv(env));
  }
}
