package io.docpipe.search;

import io.docpipe.shared.Invocation;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.CorpusNames;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.KeywordQuery;
import io.docpipe.shared.VectorStore;
import io.docpipe.shared.embedding.EmbeddingFailure;
import io.docpipe.shared.lambda.HttpRequests;
import io.docpipe.shared.lambda.HttpResponses;
import io.docpipe.shared.lambda.JsonBodies;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /corpora/{corpus_name}/search}: the corpus's best chunks for a query, by meaning ({@code vector}: the query
 * embedded the way the model wants it, nearest chunks), by words ({@code keyword}: BM25 in PostgreSQL, no inference),
 * or both fused ({@code hybrid}, the default: it ranks best on the benchmark, docs/decisions/0003). Every request that
 * reaches this route counts in corpus_read_requests_total{status,mode}; a valid one runs in a {@code search} span
 * ({@code job.stage=read}, {@code operation=read}, {@code search.mode}) and is timed as
 * embedding_request_duration_seconds{operation="read"}.
 */
final class SearchApi {
  static final int MAX_QUERY_CHARS = 2000;
  static final int MAX_TOP_K = 100;
  static final int DEFAULT_TOP_K = 5;
  private static final Logger LOG = LoggerFactory.getLogger(SearchApi.class);

  private final EmbeddingClient embeddings;
  private final VectorStore vectors;
  private final String queryPrefix;
  private final Telemetry telemetry;

  SearchApi(EmbeddingClient embeddings, VectorStore vectors, String queryPrefix, Telemetry telemetry) {
    this.embeddings = embeddings;
    this.vectors = vectors;
    this.queryPrefix = queryPrefix;
    this.telemetry = telemetry;
  }

  record Result(String url, int chunkIndex, String title, String text, double score) {}

  record Response(List<Result> results, String model, String mode) {}

  APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Invocation invocation) {
    String status = "error";
    SearchMode[] mode = {null};
    try {
      APIGatewayV2HTTPResponse response = validateAndSearch(event, mode, invocation);
      // A database outage is an "error" in the metric (its label values are the spec's); inference has its own 503.
      status = VectorDbOutage.isProblem(response) ? "error" : statusOf(response.getStatusCode());
      return response;
    } finally {
      // An invalid request has no mode to speak of: "invalid" keeps the label's values few and known.
      telemetry.metrics().add(PipelineMetrics.CORPUS_READ_REQUESTS, 1, status, mode[0] == null ? "invalid" : mode[0].wire());
    }
  }

  private APIGatewayV2HTTPResponse validateAndSearch(APIGatewayV2HTTPEvent event, SearchMode[] mode,
      Invocation invocation) {
    String corpus = HttpRequests.pathParameter(event, "corpus_name");
    if (!CorpusNames.isValid(corpus)) {
      return HttpResponses.problem(400, "invalid-corpus-name", "Invalid corpus_name", "corpus_name " + CorpusNames.rule(), "corpus_name");
    }
    JsonBodies.Result body = JsonBodies.readObject(event);
    if (!body.ok()) return body.problem();
    JsonNode query = body.body().get("query");
    if (query == null || !query.isTextual() || queryProblem(query.asText()) != null) {
      return HttpResponses.problem(400, "invalid-query", "Invalid query",
          query != null && query.isTextual() ? queryProblem(query.asText())
              : "query must be a string of 1 to " + MAX_QUERY_CHARS + " characters", "query");
    }
    JsonNode topKNode = body.body().get("top_k");
    if (!isValidTopK(topKNode)) {
      return HttpResponses.problem(400, "invalid-top-k", "Invalid top_k", "top_k must be an integer from 1 to " + MAX_TOP_K, "top_k");
    }
    JsonNode modeNode = body.body().get("mode");
    SearchMode chosen = modeNode == null || modeNode.isNull() ? SearchMode.DEFAULT
        : modeNode.isTextual() ? SearchMode.fromWire(modeNode.asText()) : null;
    if (chosen == null) {
      return HttpResponses.problem(400, "invalid-mode", "Invalid mode", "mode must be one of " + SearchMode.WIRE_VALUES, "mode");
    }
    mode[0] = chosen;
    int topK = topKNode == null || topKNode.isNull() ? DEFAULT_TOP_K : topKNode.asInt();
    return search(corpus, query.asText(), topK, chosen, invocation);
  }

  /** Absent or null (the default, 5), or a JSON number with an integral value from 1 to 100 ({@code 5.0} is 5). */
  static boolean isValidTopK(JsonNode topK) {
    if (topK == null || topK.isNull()) return true;
    return topK.isNumber() && topK.canConvertToExactIntegral() && topK.canConvertToInt() && topK.asInt() >= 1
        && topK.asInt() <= MAX_TOP_K;
  }

  /**
   * Null when {@code query} is acceptable: 1 to 2,000 characters (code points), not blank, no control characters but
   * tab and line breaks, and no unpaired surrogates (text the embedding server could not encode).
   */
  static String queryProblem(String query) {
    int length = query.codePointCount(0, query.length());
    if (query.isBlank() || length > MAX_QUERY_CHARS) return "query must be a string of 1 to " + MAX_QUERY_CHARS + " characters";
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') return "query must not contain control characters";
      if (Character.isHighSurrogate(c) && i + 1 < query.length() && Character.isLowSurrogate(query.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "query must be valid Unicode text";
      }
    }
    return null;
  }

  private APIGatewayV2HTTPResponse search(String corpus, String query, int topK, SearchMode mode,
      Invocation invocation) {
    Metrics metrics = telemetry.metrics();
    long start = System.nanoTime();
    try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "search").set(SpanAttributes.CORPUS_NAME, corpus)
        .set(SpanAttributes.SEARCH_TOP_K, (long) topK).set(SpanAttributes.SEARCH_MODE, mode.wire())
        .set(SpanAttributes.JOB_STAGE, SpanAttributes.STAGE_READ)
        .set(SpanAttributes.OPERATION, SpanAttributes.OPERATION_READ).set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC)
        .set(SpanAttributes.EMBEDDING_MODEL, mode.needsInference() ? embeddings.model() : null)) {
      float[] vector = null;
      if (mode.needsInference()) {
        try {
          vector = embeddings.embed(List.of(queryPrefix + query), invocation).vectors().get(0);
        } catch (EmbeddingFailure e) {
          EventLog.warn(LOG, LogEvent.SEARCH_FAILED).with(LogField.CORPUS_NAME, corpus).with(LogField.ERROR, e.getMessage())
              .with(LogField.OPERATION, SpanAttributes.OPERATION_READ).log("query embedding failed: {}", e.getMessage());
          span.fail(e, "inference_" + e.kind().name().toLowerCase(java.util.Locale.ROOT));
          return inferenceProblem(e);
        }
      }
      List<Result> results;
      try {
        results = find(corpus, mode, vector, query, topK);
      } catch (RuntimeException e) {
        if (!VectorDbOutage.is(e)) throw e;
        // Only the SQLSTATE: a database error message may quote row data, which never goes into a log.
        EventLog.warn(LOG, LogEvent.SEARCH_FAILED).with(LogField.CORPUS_NAME, corpus)
            .with(LogField.ERROR, "vector database unavailable (SQLSTATE " + VectorDbOutage.sqlState(e) + ")")
            .with(LogField.OPERATION, SpanAttributes.OPERATION_READ).log("vector database unavailable");
        span.fail(e, "vector_db_unavailable");
        return VectorDbOutage.problem();
      }
      metrics.record(PipelineMetrics.SEARCH_RESULTS_RETURNED, results.size());
      metrics.recordSince(PipelineMetrics.EMBEDDING_REQUEST_DURATION, start, SpanAttributes.OPERATION_READ);
      EventLog.info(LOG, LogEvent.SEARCH_COMPLETED).with(LogField.CORPUS_NAME, corpus).with(LogField.TOP_K, topK)
          .with(LogField.SEARCH_MODE, mode.wire()).with(LogField.RESULTS, results.size())
          .with(LogField.DURATION_MS, (System.nanoTime() - start) / 1_000_000)
          .with(LogField.OPERATION, SpanAttributes.OPERATION_READ)
          .log("{} search of corpus {} returned {} results", mode.wire(), corpus, results.size());
      return HttpResponses.json(200, new Response(results, embeddings.model(), mode.wire()), Map.of());
    }
  }

  private List<Result> find(String corpus, SearchMode mode, float[] vector, String query, int topK) {
    long start = System.nanoTime();
    try (TracedSpan ignored = TracedSpan.start(telemetry.tracer(), "vector db search").set(SpanAttributes.CORPUS_NAME, corpus)
        .set(SpanAttributes.SEARCH_TOP_K, (long) topK).set(SpanAttributes.SEARCH_MODE, mode.wire())
        .set(SpanAttributes.OPERATION, SpanAttributes.OPERATION_READ)) {
      List<VectorStore.SearchHit> hits = switch (mode) {
        case VECTOR -> vectors.search(corpus, vector, topK);
        case KEYWORD -> vectors.keywordSearch(corpus, KeywordQuery.parse(query), topK);
        case HYBRID -> vectors.hybridSearch(corpus, vector, KeywordQuery.parse(query), SearchMode.HYBRID_VECTOR_WEIGHT, topK);
      };
      return hits.stream().map(h -> new Result(h.url(), h.chunkIndex(), h.title(), h.text(), h.score())).toList();
    } finally {
      telemetry.metrics().recordSince(PipelineMetrics.VECTOR_DB_SEARCH_DURATION, start);
    }
  }

  /**
   * 503 with {@code Retry-After} while the server is down or its circuit is open (the client should come back, and
   * the function answers at once instead of hanging on a dead server); 502 when the server rejected the query.
   */
  static APIGatewayV2HTTPResponse inferenceProblem(EmbeddingFailure e) {
    Map<String, String> retry = e.retryAfter() == null ? Map.of()
        : Map.of("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
    return switch (e.kind()) {
      case CIRCUIT_OPEN -> HttpResponses.problem(503, "inference-circuit-open", "Inference unavailable",
          "the embedding server is down and its circuit breaker is open; try again after Retry-After seconds", null, retry);
      case TRANSIENT -> HttpResponses.problem(503, "inference-unavailable", "Inference unavailable",
          "the embedding server is unavailable; try again", null, retry);
      default -> HttpResponses.problem(502, "inference-error", "Inference error", "the embedding server rejected the query", null);
    };
  }

  /** The corpus_read_requests_total status of a response. */
  static String statusOf(int httpStatus) {
    return switch (httpStatus) {
      case 200 -> "ok";
      case 400, 413, 415 -> "invalid_request";
      case 503 -> "inference_unavailable";
      case 502 -> "inference_error";
      default -> "error";
    };
  }
}
