package io.docpipe.stuckjobscanner;

import io.docpipe.shared.Env;
import io.docpipe.shared.JobStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long a job may sit without an update before it counts as stuck, how often it is requeued before failing, and
 * the queues whose depth the scanner samples. The DLQ URLs are optional: a DLQ not configured is not sampled.
 */
record StuckJobScannerConfig(String jobsTable, String scrapeQueueUrl, String chunkQueueUrl, String embedQueueUrl,
    Duration stuckAfter, int maxRequeues, Map<String, String> dlqUrls) {

  StuckJobScannerConfig {
    dlqUrls = Map.copyOf(dlqUrls);
  }

  static StuckJobScannerConfig fromEnv(Env env) {
    Map<String, String> dlqs = new LinkedHashMap<>();
    for (String stage : new String[] {"scrape", "chunk", "embed", "probe"}) {
      String name = stage.toUpperCase(java.util.Locale.ROOT) + "_DLQ_URL";
      if (env.optional(name, null) != null) dlqs.put(stage, env.uri(name).toString());
    }
    return new StuckJobScannerConfig(
        env.required("JOBS_TABLE"),
        env.required("SCRAPE_QUEUE_URL"),
        env.required("CHUNK_QUEUE_URL"),
        env.required("EMBED_QUEUE_URL"),
        Duration.ofMinutes(env.intValue("STUCK_AFTER_MINUTES", 30, 1, 7 * 24 * 60)),
        env.intValue("STUCK_MAX_REQUEUES", 3, 0, 100),
        dlqs);
  }

  /** The stage queues by the stage that consumes them, named as the {@code stage} label (scraping, chunking, embedding). */
  Map<String, String> queueUrls() {
    Map<String, String> queues = new LinkedHashMap<>();
    queues.put(JobStatus.SCRAPING.wire(), scrapeQueueUrl);
    queues.put(JobStatus.CHUNKING.wire(), chunkQueueUrl);
    queues.put(JobStatus.EMBEDDING.wire(), embedQueueUrl);
    return queues;
  }
}
