package io.docpipe.embedder;

import io.docpipe.shared.Env;
import io.docpipe.shared.embedding.EmbeddingConfig;

/**
 * The embedder's settings; the vector DB's come separately because resolving them may call Secrets Manager.
 *
 * @param embedQueueUrl its own queue, whose consumption it switches off while the inference circuit is open
 */
record EmbedderConfig(String jobsTable, String bucket, String embedQueueUrl, EmbeddingConfig embedding) {
  static EmbedderConfig fromEnv(Env env) {
    return new EmbedderConfig(env.required("JOBS_TABLE"), env.required("DOCUMENTS_BUCKET"), env.required("EMBED_QUEUE_URL"),
        EmbeddingConfig.fromEnv(env));
  }
}
