package io.docpipe.stuckjobscanner;

import io.docpipe.shared.Env;
import java.time.Duration;

/** How long a job may sit without an update before it counts as stuck, and how often it is requeued before failing. */
record StuckJobScannerConfig(String jobsTable, String scrapeQueueUrl, String chunkQueueUrl, String embedQueueUrl,
    Duration stuckAfter, int maxRequeues) {

  static StuckJobScannerConfig fromEnv(Env env) {
    return new StuckJobScannerConfig(
        env.required("JOBS_TABLE"),
        env.required("SCRAPE_QUEUE_URL"),
        env.required("CHUNK_QUEUE_URL"),
        env.required("EMBED_QUEUE_URL"),
        Duration.ofMinutes(env.intValue("STUCK_AFTER_MINUTES", 30, 1, 7 * 24 * 60)),
        env.intValue("STUCK_MAX_REQUEUES", 3, 0, 100));
  }
}
