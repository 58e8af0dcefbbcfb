package io.docpipe.shared.telemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.docpipe.shared.JobStatus;
import io.opentelemetry.api.common.AttributeKey;

/**
 * Every attribute key our spans carry, and nothing else: the spec's vocabulary first, then the standard semantic
 * convention keys we use. docs/otel-attributes.yaml lists the same keys, and a test holds spans to it.
 */
public final class SpanAttributes {
  // The spec's vocabulary (span_and_log_attributes in docs/otel-attributes.yaml).
  public static final AttributeKey<String> JOB_ID = stringKey("job.id");
  public static final AttributeKey<String> JOB_URL = stringKey("job.url");
  public static final AttributeKey<String> JOB_STAGE = stringKey("job.stage");
  public static final AttributeKey<String> QUEUE_NAME = stringKey("queue.name");
  public static final AttributeKey<String> OPERATION = stringKey("operation");
  public static final AttributeKey<String> REQUEST_MODE = stringKey("request.mode");
  public static final AttributeKey<String> CORPUS_NAME = stringKey("corpus.name");
  public static final AttributeKey<String> EMBEDDING_MODEL = stringKey("embedding.model");
  public static final AttributeKey<Long> EMBEDDING_TOKENS = longKey("embedding.tokens");
  public static final AttributeKey<Long> SEARCH_TOP_K = longKey("search.top_k");
  public static final AttributeKey<String> CALLER_TYPE = stringKey("caller.type");
  public static final AttributeKey<String> HTTP_REQUEST_ID = stringKey("http.request_id");
  public static final AttributeKey<String> FAILED_STAGE = stringKey("failed.stage");

  // Additions beyond the spec (additions in docs/otel-attributes.yaml, each with its reason).
  public static final AttributeKey<String> SEARCH_MODE = stringKey("search.mode");

  // Standard keys (standard_span_attributes in docs/otel-attributes.yaml).
  public static final AttributeKey<String> HTTP_REQUEST_METHOD = stringKey("http.request.method");
  public static final AttributeKey<String> HTTP_ROUTE = stringKey("http.route");
  public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = longKey("http.response.status_code");
  public static final AttributeKey<String> FAAS_TRIGGER = stringKey("faas.trigger");
  public static final AttributeKey<String> FAAS_INVOCATION_ID = stringKey("faas.invocation_id");
  public static final AttributeKey<Boolean> FAAS_COLDSTART = booleanKey("faas.coldstart");
  public static final AttributeKey<String> MESSAGING_MESSAGE_ID = stringKey("messaging.message.id");
  public static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT = longKey("messaging.batch.message_count");
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  public static final AttributeKey<Double> PROCESS_CPU_USER_MS = doubleKey("process.cpu_user_ms");
  public static final AttributeKey<Double> PROCESS_CPU_SYSTEM_MS = doubleKey("process.cpu_system_ms");
  public static final AttributeKey<Double> PROCESS_MEMORY_DELTA_KB = doubleKey("process.memory_delta_kb");
  public static final AttributeKey<Double> PROCESS_MEMORY_ALLOCATED_KB = doubleKey("process.memory_allocated_kb");
  public static final AttributeKey<Double> PROCESS_MEMORY_MB = doubleKey("process.memory_mb");

  // Values the spec fixes.
  public static final String MODE_ASYNC = "async";
  public static final String MODE_SYNC = "sync";
  public static final String OPERATION_READ = "read";
  public static final String OPERATION_WRITE = "write";
  public static final String CALLER_UNKNOWN = "unknown";
  public static final String CALLER_USER = "user";
  public static final String CALLER_SERVICE = "service";
  public static final String STAGE_READ = "read";

  private SpanAttributes() {}

  /** {@code job.stage} (and the {@code stage} label) of a working status: scrape, chunk or embed. */
  public static String stageOf(JobStatus status) {
    return switch (status) {
      case QUEUED, SCRAPING -> "scrape";
      case CHUNKING -> "chunk";
      case EMBEDDING -> "embed";
      default -> throw new IllegalArgumentException(status + " is not a working stage");
    };
  }
}
