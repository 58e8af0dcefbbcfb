package io.docpipe.shared.telemetry;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields an event log line may carry besides the always-present ones ({@link LogContext}). Each has its JSON name
 * on stdout (underscores, as the spec's log examples) and its attribute key in OTLP log records: the spec's dotted
 * vocabulary where it has the concept ({@code failed_stage} -> {@code failed.stage}), the JSON name otherwise. Loki
 * turns dots into underscores, so queries read the same names in both. docs/otel-attributes.yaml lists them all.
 */
public enum LogField {
  URL("url", "job.url"),
  CORPUS_NAME("corpus_name", "corpus.name"),
  FAILED_STAGE("failed_stage", "failed.stage"),
  REQUEST_MODE("request_mode", "request.mode"),
  OPERATION("operation", "operation"),
  MODEL("model", "embedding.model"),
  PROMPT_TOKENS("prompt_tokens", "embedding.tokens"),
  TOP_K("top_k", "search.top_k"),
  SEARCH_MODE("search_mode", "search.mode"),
  QUEUE("queue", "queue.name"),
  STAGE("stage"),
  ERROR_CODE("error_code"),
  ERROR("error"),
  DURATION_MS("duration_ms"),
  RETRIES("retries"),
  BYTES("bytes"),
  CHARS("chars"),
  CHUNKS("chunks"),
  PARTS("parts"),
  PART_INDEX("part_index"),
  PARTS_DONE("parts_done"),
  PARTS_TOTAL("parts_total"),
  BATCH_SIZE("batch_size"),
  INFERENCE_LATENCY_MS("inference_latency_ms"),
  REMOVED("removed"),
  REQUEUES("requeues"),
  RESULTS("results"),
  MESSAGE_ID("message_id"),
  MIGRATIONS("migrations"),
  SIGNAL("signal"),
  FAILURES("failures"),
  DELAY_MS("delay_ms"),
  ATTEMPT("attempt"),
  BREAKER_STATE("breaker_state"),
  REASON("reason");

  private static final Map<String, String> OTLP_BY_JSON = new HashMap<>();

  static {
    for (LogField f : values()) OTLP_BY_JSON.put(f.json, f.otlp);
  }

  private final String json;
  private final String otlp;

  LogField(String json) {
    this(json, json);
  }

  LogField(String json, String otlp) {
    this.json = json;
    this.otlp = otlp;
  }

  public String json() {
    return json;
  }

  public String otlp() {
    return otlp;
  }

  /** The OTLP key for a JSON field name; unknown names pass through unchanged. */
  static String otlpKey(String json) {
    return OTLP_BY_JSON.getOrDefault(json, json);
  }
}
