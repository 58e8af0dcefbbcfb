package io.docpipe.shared.telemetry;

/** The {@code event} of a log line: what happened, in a word a query can match. docs/otel-attributes.yaml lists them. */
public enum LogEvent {
  // Defaults the frames set, for lines that name no event of their own.
  LOG, INVOCATION, RECORD,
  // The pipeline.
  JOB_QUEUED, JOB_DROPPED, JOB_FAILED, JOB_DONE, JOB_REQUEUED, JOB_STUCK,
  SCRAPE_COMPLETED, SCRAPE_FAILED, CHUNK_COMPLETED, CHUNK_FAILED, PART_STORED, EMBED_FAILED, INFERENCE_EMBED_COMPLETE,
  SEARCH_COMPLETED, SEARCH_FAILED, RECORD_FAILED, QUEUE_DEPTH_FAILED, MIGRATION_COMPLETED, MIGRATION_FAILED,
  // Resilience: retries, the inference circuit breaker, consumption switched off and on, records handed back.
  JOB_DEFERRED, INFERENCE_RETRY, CIRCUIT_OPENED, CIRCUIT_CLOSED, CIRCUIT_PROBE_FAILED, CONSUMPTION_PAUSED,
  CONSUMPTION_RESUMED, CONSUMPTION_SWITCH_FAILED, REDELIVERY_FAILED,
  // The HTTP API: an application quota refused a request; an idempotent submission answered with its earlier job; a
  // route failed unexpectedly (answered 500, the exception in the log and on the span only).
  RATE_LIMITED, JOB_REPLAYED, REQUEST_FAILED,
  // Telemetry itself.
  TELEMETRY_DISABLED, TELEMETRY_SETUP_FAILED, TELEMETRY_EXPORT_FAILED;

  /** The name on the wire: {@code scrape_completed}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
