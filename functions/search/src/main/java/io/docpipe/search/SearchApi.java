package io.docpipe.search;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.CorpusNames;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.VectorStore;
import io.docpipe.shared.embedding.EmbeddingFailure;
import io.docpipe.shared.lambda.HttpRequests;
import io.docpipe.shared.lambda.HttpResponses;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /corpora/{corpus_name}/search}: embed the query the way the model wants it, then nearest chunks. */
final class SearchApi {
  static final int MAX_QUERY_CHARS = 2000;
  static final int MAX_TOP_K = 50;
  private static final Logger LOG = LoggerFactory.getLogger(SearchApi.class);

  private final EmbeddingClient embeddings;
  private final VectorStore vectors;
  private final String queryPrefix;

  SearchApi(EmbeddingClient embeddings, VectorStore vectors, String queryPrefix) {
    this.embeddings = embeddings;
    this.vectors = vectors;
    this.queryPrefix = queryPrefix;
  }

  record Result(String url, int chunkIndex, String text, double score) {}

  record Response(List<Result> results, String model) {}

  APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    if (!"POST /corpora/{corpus_name}/search".equals(event.getRouteKey())) {
      return HttpResponses.problem(404, "not-found", "Not Found", "no such route", null);
    }
    String corpus = HttpRequests.pathParameter(event, "corpus_name");
    if (!CorpusNames.isValid(corpus)) {
      return HttpResponses.problem(400, "invalid-corpus-name", "Invalid corpus_name", "corpus_name " + CorpusNames.rule(), "corpus_name");
    }
    JsonNode body = HttpRequests.jsonObject(event);
    if (body == null) return HttpResponses.problem(400, "invalid-body", "Invalid body", "the body must be a JSON object", null);
    JsonNode query = body.get("query");
    if (query == null || !query.isTextual() || query.asText().isBlank() || query.asText().length() > MAX_QUERY_CHARS) {
      return HttpResponses.problem(400, "invalid-query", "Invalid query",
          "query must be a string of 1 to " + MAX_QUERY_CHARS + " characters", "query");
    }
    JsonNode topKNode = body.get("top_k");
    if (topKNode != null && !topKNode.isNull() && (!topKNode.canConvertToExactIntegral() || !topKNode.canConvertToInt()
        || topKNode.asInt() < 1 || topKNode.asInt() > MAX_TOP_K)) {
      return HttpResponses.problem(400, "invalid-top-k", "Invalid top_k", "top_k must be an integer from 1 to " + MAX_TOP_K, "top_k");
    }
    int topK = topKNode == null || topKNode.isNull() ? 5 : topKNode.asInt();
    float[] vector;
    try {
      vector = embeddings.embed(List.of(queryPrefix + query.asText())).vectors().get(0);
    } catch (EmbeddingFailure e) {
      LOG.warn("query embedding failed: {}", e.getMessage());
      return e.kind() == EmbeddingFailure.Kind.TRANSIENT
          ? HttpResponses.problem(503, "inference-unavailable", "Inference unavailable", "the embedding server is unavailable; try again", null)
          : HttpResponses.problem(502, "inference-error", "Inference error", "the embedding server rejected the query", null);
    }
    List<Result> results = vectors.search(corpus, vector, topK).stream()
        .map(h -> new Result(h.url(), h.chunkIndex(), h.text(), h.score()))
        .toList();
    return HttpResponses.json(200, new Response(results, embeddings.model()), Map.of());
  }
}
