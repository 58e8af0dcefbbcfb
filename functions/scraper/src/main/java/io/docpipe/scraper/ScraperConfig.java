package io.docpipe.scraper;

import io.docpipe.shared.Env;
import java.time.Duration;

/**
 * The scraper's settings. {@code allowLoopback} exists for the local stack only (so a developer can ingest pages
 * served on this machine); template.yaml never sets {@code SCRAPER_ALLOW_LOOPBACK}.
 */
record ScraperConfig(String jobsTable, String bucket, String chunkQueueUrl, long maxBytes, Duration connectTimeout,
    Duration timeout, boolean allowLoopback) {

  static ScraperConfig fromEnv(Env env) {
    return new ScraperConfig(
        env.required("JOBS_TABLE"),
        env.required("DOCUMENTS_BUCKET"),
        env.required("CHUNK_QUEUE_URL"),
        env.intValue("SCRAPER_MAX_BYTES", 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
        Duration.ofMillis(env.intValue("SCRAPER_CONNECT_TIMEOUT_MS", 5_000, 100, 60_000)),
        Duration.ofMillis(env.intValue("SCRAPER_TIMEOUT_MS", 10_000, 100, 600_000)),
        env.flag("SCRAPER_ALLOW_LOOPBACK"));
  }
}
