package io.docpipe.stuckjobscanner;

import io.docpipe.shared.Env;

/**
 * What the timed probe needs beyond the breaker and inference settings: the table holding the shared circuit state,
 * and the embed queue whose event source mapping it switches back on.
 */
record BreakerProbeConfig(String jobsTable, String embedQueueUrl) {
  static BreakerProbeConfig fromEnv(Env env) {
    return new BreakerProbeConfig(env.required("JOBS_TABLE"), env.required("EMBED_QUEUE_URL"));
  }
}
