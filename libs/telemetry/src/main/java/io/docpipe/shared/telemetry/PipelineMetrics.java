package io.docpipe.shared.telemetry;

import io.docpipe.shared.JobStatus;
import io.docpipe.shared.telemetry.Metric.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalogue: every metric the functions record, in one place. docs/metrics.md is generated from it (a test fails
 * when the committed table differs).
 *
 * <p>Naming rule, applied to every entry: the OpenTelemetry instrument name IS the Prometheus name, suffixes included
 * ({@code job_stage_duration_seconds} with unit {@code s}, {@code jobs_submitted_total} as a monotonic counter), and
 * the unit is {@code s}, {@code By} or a {@code {annotation}}. The OTLP-to-Prometheus translation (Mimir's and
 * Prometheus' OTLP endpoints, the collector's Prometheus exporters) appends {@code _seconds}/{@code _bytes} only when
 * the name lacks it, appends {@code _total} to monotonic sums only when absent, and drops annotation units; so the
 * name arrives unchanged whether the backend adds suffixes or not. Unit {@code 1} is never used: it would give gauges
 * a {@code _ratio} suffix.
 */
public final class PipelineMetrics {
  private static final List<Metric> ALL = new ArrayList<>();

  // Buckets by what is measured. Seconds for calls (HTTP, inference, database, flush) ...
  static final List<Double> CALL_SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);
  // ... for a stage's work, bounded by the function timeouts (60-120 s) ...
  static final List<Double> STAGE_SECONDS = List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0);
  // ... and for a whole job, queues and retries included.
  static final List<Double> JOB_SECONDS = List.of(1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0);
  /** Dense below CHUNK_MAX_TOKENS (512): the alert is P95 near the bound. */
  static final List<Double> TOKENS = List.of(16.0, 32.0, 64.0, 128.0, 256.0, 384.0, 448.0, 480.0, 500.0, 512.0, 1024.0);
  /** Up to SCRAPER_MAX_BYTES (5 MiB) and beyond. */
  static final List<Double> PAGE_BYTES = List.of(1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0, 2097152.0, 5242880.0, 10485760.0);
  /** Up to EMBED_BATCH_MAX_ITEMS (TEI's 32). */
  static final List<Double> BATCH_ITEMS = List.of(1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 32.0, 48.0, 64.0);
  /** Backoff delays: 200 ms doubling to the 10 s cap, and Retry-After values up to the SQS delay limit. */
  static final List<Double> RETRY_SECONDS = List.of(0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0);
  /** search top_k is 1-50. */
  static final List<Double> RESULTS = List.of(0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 50.0);
  /** Lambda memory sizes run from 128 MB to 10 GB. */
  static final List<Double> MEMORY_BYTES = List.of(33554432.0, 67108864.0, 134217728.0, 268435456.0, 536870912.0,
      1073741824.0, 2147483648.0, 4294967296.0, 10737418240.0);

  // --- Pipeline -------------------------------------------------------------------------------------------------
  public static final Metric JOBS_SUBMITTED = counter("jobs_submitted_total", "{job}", "api", "Jobs accepted by POST /jobs");
  public static final Metric JOBS_COMPLETED = counter("jobs_completed_total", "{job}", "embedder, scraper, chunker, api, stuck-job-scanner",
      "Jobs that ended; status is done or failed", "status");
  public static final Metric JOBS_FAILED = counter("jobs_failed_total", "{job}", "scraper, chunker, embedder, api, stuck-job-scanner",
      "Jobs that ended failed, by the stage they failed in (scraping, chunking, embedding)", "failed_stage");
  public static final Metric JOB_STAGE_DURATION = histogram("job_stage_duration_seconds", "s", STAGE_SECONDS, "scraper, chunker, embedder",
      "Time a stage spent on one message that it completed; stage is scraping, chunking or embedding", "stage");
  public static final Metric JOB_STAGE_LAST_SUCCESS = gauge("job_stage_last_success_timestamp_seconds", "s",
      "scraper, chunker, embedder", "Unix time at which the stage last completed a message; "
          + "time() - max(...) is the time since last success per queue", "stage");
  public static final Metric JOB_END_TO_END_DURATION = histogram("job_end_to_end_duration_seconds", "s", JOB_SECONDS, "embedder",
      "From submission (created_at) to done, for jobs that completed");
  public static final Metric QUEUE_DEPTH = gauge("queue_depth", "{message}", "stuck-job-scanner",
      "Messages waiting in a stage queue (ApproximateNumberOfMessages), sampled each scanner run", "queue", "stage");
  public static final Metric DLQ_DEPTH = gauge("dlq_depth", "{message}", "stuck-job-scanner",
      "Messages in a dead-letter queue, sampled each scanner run; non-zero means alert", "queue");
  public static final Metric RATE_LIMIT_HITS = counter("rate_limit_hits_total", "{request}", "api",
      "Requests refused with 429 by an application quota (SUBMISSIONS_PER_MINUTE per caller); endpoint is the route, "
          + "e.g. POST /jobs. API Gateway's stage throttling is not counted here", "endpoint");
  public static final Metric JOBS_STUCK = gauge("jobs_stuck", "{job}", "stuck-job-scanner",
      "Active jobs not updated for STUCK_AFTER_MINUTES, by stage, as of the latest scanner run", "stage");
  public static final Metric JOBS_REQUEUED = counter("jobs_requeued_total", "{job}", "stuck-job-scanner",
      "Stuck jobs whose message the scanner sent again", "stage");

  // --- Scraper --------------------------------------------------------------------------------------------------
  public static final Metric SCRAPE_REQUESTS = counter("scrape_requests_total", "{request}", "scraper",
      "Page fetches; status is ok or the error code (http_404, timeout, ...), domain the URL's host", "status", "domain", "mode");
  public static final Metric SCRAPE_DURATION = histogram("scrape_duration_seconds", "s", STAGE_SECONDS, "scraper",
      "Time to fetch a page, redirects included, successful or not", "mode");
  public static final Metric SCRAPE_RESPONSE_SIZE = histogram("scrape_response_size_bytes", "By", PAGE_BYTES, "scraper",
      "Bytes of the pages fetched");
  public static final Metric SCRAPE_RETRY = counter("scrape_retry_total", "{retry}", "scraper",
      "Fetches of a redelivered message (ApproximateReceiveCount > 1)", "domain");

  // --- Chunker --------------------------------------------------------------------------------------------------
  public static final Metric CHUNKS_PRODUCED = counter("chunks_produced_total", "{chunk}", "chunker", "Chunks cut", "strategy");
  public static final Metric CHUNK_SIZE_TOKENS = histogram("chunk_size_tokens", "{token}", TOKENS, "chunker",
      "Tokens per chunk, [CLS] and [SEP] included", "strategy");
  public static final Metric CHUNKING_DURATION = histogram("chunking_duration_seconds", "s", STAGE_SECONDS, "chunker",
      "Time to tokenize and cut one document", "mode");

  // --- Embedding (write path in the embedder, read path in search; operation tells them apart) -------------------
  public static final Metric EMBEDDING_INFERENCE_REQUESTS = counter("embedding_inference_requests_total", "{request}", "embedder, search",
      "Requests to the inference server; status is ok or error", "model", "status", "operation");
  public static final Metric EMBEDDING_TOKENS_PROCESSED = counter("embedding_tokens_processed_total", "{token}", "embedder, search",
      "Prompt tokens the inference server reported", "model", "operation");
  public static final Metric EMBEDDING_INFERENCE_DURATION = histogram("embedding_inference_duration_seconds", "s", CALL_SECONDS,
      "embedder, search", "One inference request, in isolation", "model", "operation");
  public static final Metric EMBEDDING_INFERENCE_ERRORS = counter("embedding_inference_errors_total", "{error}", "embedder, search",
      "Failed inference requests by error_type (connection_error, timeout, server_unavailable, server_error, overloaded, "
          + "token_limit_exceeded, bad_request, malformed_response)", "model", "error_type", "operation");
  public static final Metric EMBEDDINGS_STORED = counter("embeddings_stored_total", "{embedding}", "embedder",
      "Vectors upserted into pgvector");
  public static final Metric EMBED_BATCH_SIZE = histogram("embed_batch_size", "{chunk}", BATCH_ITEMS, "embedder",
      "Chunks per inference request");
  public static final Metric EMBEDDING_REQUEST_DURATION = histogram("embedding_request_duration_seconds", "s", CALL_SECONDS,
      "embedder (write), search (read)", "write: embedding and storing one part; read: one search request", "operation");
  public static final Metric EMBEDDING_CIRCUIT_BREAKER_STATE = gauge("embedding_circuit_breaker_state", "{state}",
      "embedder, search, stuck-job-scanner", "The shared inference circuit breaker: 0 closed, 1 open, 2 half-open");
  public static final Metric EMBEDDING_INFERENCE_RETRY_DELAY = histogram("embedding_inference_retry_delay_seconds", "s",
      RETRY_SECONDS, "embedder, search", "Backoff chosen after a transient inference failure (slept, or handed to the "
          + "queue as a visibility delay when the invocation had no time left)", "model", "operation");

  // --- Search ---------------------------------------------------------------------------------------------------
  public static final Metric CORPUS_READ_REQUESTS = counter("corpus_read_requests_total", "{request}", "search",
      "Search requests; status is ok, invalid_request, inference_unavailable, inference_error or error; search_mode is vector,"
          + " keyword, hybrid, or invalid for a request refused before its mode was read", "status", "search_mode");
  public static final Metric VECTOR_DB_SEARCH_DURATION = histogram("vector_db_search_duration_seconds", "s", CALL_SECONDS, "search",
      "The search's one PostgreSQL query (vector, keyword or hybrid) alone");
  public static final Metric SEARCH_RESULTS_RETURNED = histogram("search_results_returned", "{result}", RESULTS, "search",
      "Results per search response");

  // --- HTTP (api and search; path is the route template, never the raw path) ------------------------------------
  public static final Metric HTTP_REQUESTS = counter("http_requests_total", "{request}", "api, search",
      "HTTP requests by method, route template and status code", "method", "path", "status_code");
  public static final Metric HTTP_REQUEST_DURATION = histogram("http_request_duration_seconds", "s", CALL_SECONDS, "api, search",
      "Handler time per HTTP request", "path");

  // --- Lambda: what replaces the host and process metrics (names as OpenTelemetry's faas.* conventions translate) --
  public static final Metric FAAS_COLDSTARTS = counter("faas_coldstarts_total", "{coldstart}", "every function",
      "First invocations of an execution environment");
  public static final Metric FAAS_INVOCATIONS = counter("faas_invocations_total", "{invocation}", "every function", "Invocations");
  public static final Metric FAAS_ERRORS = counter("faas_errors_total", "{error}", "every function",
      "Invocations that threw (Lambda reports them as function errors)");
  public static final Metric FAAS_INVOKE_DURATION = histogram("faas_invoke_duration_seconds", "s", STAGE_SECONDS, "every function",
      "Handler time per invocation, the flush excluded");
  public static final Metric FAAS_MEM_USAGE = histogram("faas_mem_usage_bytes", "By", MEMORY_BYTES, "every function",
      "JVM heap in use at the end of each invocation");
  public static final Metric TELEMETRY_FLUSH_DURATION = histogram("telemetry_flush_duration_seconds", "s", CALL_SECONDS,
      "every function", "Time an invocation waited for its flush (exported with the next flush)");
  public static final Metric TELEMETRY_FLUSH_TIMEOUTS = counter("telemetry_flush_timeouts_total", "{flush}", "every function",
      "Flushes not complete by TELEMETRY_FLUSH_TIMEOUT_MS, or skipped because an export was still in flight");
  public static final Metric TELEMETRY_EXPORT_FAILURES = counter("telemetry_export_failures_total", "{export}", "every function",
      "OTLP export requests that failed, by signal (traces, metrics, logs)", "signal");

  private PipelineMetrics() {}

  /** Every metric, in catalogue order. */
  public static List<Metric> all() {
    return List.copyOf(ALL);
  }

  private static Metric counter(String name, String unit, String recordedBy, String description, String... labels) {
    return add(new Metric(name, Kind.COUNTER, unit, Arrays.asList(labels), List.of(), recordedBy, description));
  }

  private static Metric histogram(String name, String unit, List<Double> buckets, String recordedBy, String description,
      String... labels) {
    return add(new Metric(name, Kind.HISTOGRAM, unit, Arrays.asList(labels), buckets, recordedBy, description));
  }

  private static Metric gauge(String name, String unit, String recordedBy, String description, String... labels) {
    return add(new Metric(name, Kind.GAUGE, unit, Arrays.asList(labels), List.of(), recordedBy, description));
  }

  private static Metric add(Metric metric) {
    ALL.add(metric);
    return metric;
  }

  /** Counts a job that ended failed in {@code stage}: jobs_failed_total and jobs_completed_total{status=failed}. */
  public static void countFailedJob(Metrics metrics, JobStatus stage) {
    metrics.add(JOBS_FAILED, 1, stage.wire());
    metrics.add(JOBS_COMPLETED, 1, JobStatus.FAILED.wire());
  }
}
