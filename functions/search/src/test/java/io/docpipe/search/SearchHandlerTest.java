package io.docpipe.search;

import io.docpipe.shared.Invocation;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalServers;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.VectorStore.StoredChunk;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.OpenAiEmbeddingClient;
import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The search handler fed events/search.json, against the embedding server and PostgreSQL + pgvector. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchHandlerTest {
  private static final List<String> PASSAGES = List.of(
      "Lambda functions scale out by adding execution environments when the queue grows.",
      "Sourdough needs a lively starter and a long, cool fermentation.",
      "The HNSW index links each vector to its nearest neighbours in layered graphs.",
      "Penguins huddle together to survive the Antarctic winter.",
      "Dead-letter queues keep poison messages from blocking a pipeline.",
      "Tomatoes ripen faster when stored next to bananas.");
  private static final List<String> TITLES = List.of("Scaling", "Baking", "Indexes", "Birds", "Queues", "Kitchen");

  private SearchHandler handler;
  private String corpus;

  @BeforeAll
  void setUp() {
    LocalServers servers = LocalServers.get();
    // The jobs table holds the shared inference circuit breaker the search path checks.
    Map<String, String> vars = FunctionEnvironment.forTest("search", 30).vectorDb(servers.postgres())
        .embeddings(servers.embeddings().endpoint().toString()).build();
    VectorDbConfig db = VectorDbConfig.fromEnv(Env.of(vars), null);
    SchemaMigrator.migrate(db);
    corpus = "search-" + System.nanoTime();
    OpenAiEmbeddingClient embeddings = new OpenAiEmbeddingClient(EmbeddingConfig.fromEnv(Env.of(vars)));
    List<float[]> vectors = embeddings.embed(PASSAGES, Invocation.UNBOUNDED).vectors();
    List<StoredChunk> rows = new ArrayList<>();
    for (int i = 0; i < PASSAGES.size(); i++) {
      rows.add(new StoredChunk(corpus, "c" + i, "https://example.com/" + i, TITLES.get(i), "job", i, PASSAGES.get(i),
          vectors.get(i), "bge-small-en-v1.5", Instant.now()));
      // The same passages in another corpus must never leak into this one's results.
      rows.add(new StoredChunk(corpus + "-other", "c" + i, "https://other.example/" + i, TITLES.get(i), "job", i,
          PASSAGES.get(i), vectors.get(i), "bge-small-en-v1.5", Instant.now()));
    }
    new PgVectorStore(db).upsert(rows);
    handler = SearchHandler.from(vars, Clock.systemUTC());
    // Its own jobs table, so the circuit a dead server opens is not the one the other tests' handler reads.
    Map<String, String> down = new java.util.HashMap<>(FunctionEnvironment.forTest("search-down", 30)
        .vectorDb(servers.postgres()).embeddings("http://127.0.0.1:" + io.docpipe.local.servers.FreePort.pick()).build());
    down.put("EMBED_RETRY_MAX_ATTEMPTS", "1");
    inferenceDown = SearchHandler.from(down, Clock.systemUTC());
  }

  private SearchHandler inferenceDown;

  @Test
  void searchEvent_returnsTopK_bestFirst_fromThatCorpusOnly() {
    APIGatewayV2HTTPEvent event = searchEvent("{\"query\":\"how do serverless functions handle more load\",\"top_k\":3}");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = Json.read(response.getBody(), JsonNode.class);
    assertThat(body.get("model").asText()).isEqualTo("bge-small-en-v1.5");
    assertThat(body.get("mode").asText()).as("the default mode").isEqualTo("hybrid");
    JsonNode results = body.get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("text").asText()).isEqualTo(PASSAGES.get(0));
    assertThat(results.get(0).get("url").asText()).isEqualTo("https://example.com/0");
    for (int i = 1; i < results.size(); i++) {
      assertThat(results.get(i - 1).get("score").asDouble()).isGreaterThanOrEqualTo(results.get(i).get("score").asDouble());
    }
    results.forEach(r -> assertThat(r.get("url").asText()).startsWith("https://example.com/"));
    assertThat(results.get(0).fieldNames()).toIterable().containsExactly("url", "chunk_index", "title", "text", "score");
    assertThat(results.get(0).get("title").asText()).isEqualTo("Scaling");
  }

  @Test
  void vectorMode_ranksByMeaning_withCosineScores() {
    JsonNode body = search(handler, "{\"query\":\"how do serverless functions handle more load\",\"top_k\":6,\"mode\":\"vector\"}");

    assertThat(body.get("mode").asText()).isEqualTo("vector");
    JsonNode results = body.get("results");
    assertThat(results).hasSize(6);
    assertThat(results.get(0).get("text").asText()).isEqualTo(PASSAGES.get(0));
    results.forEach(r -> assertThat(r.get("score").asDouble()).isBetween(-1.0, 1.0));
  }

  @Test
  void keywordMode_findsOnlyChunksWithTheWords_stemmed_rankedByBm25() {
    JsonNode results = search(handler, "{\"query\":\"penguin huddling\",\"top_k\":6,\"mode\":\"keyword\"}").get("results");

    assertThat(results).as("only the passage with 'penguins'/'huddle' matches, however many were asked for").hasSize(1);
    assertThat(results.get(0).get("text").asText()).isEqualTo(PASSAGES.get(3));
    assertThat(results.get(0).get("title").asText()).isEqualTo("Birds");
    assertThat(results.get(0).get("score").asDouble()).isPositive();
  }

  @Test
  void keywordMode_matchesTitles_honoursExclusionsAndPhrases() {
    assertThat(texts(search(handler, "{\"query\":\"kitchen\",\"mode\":\"keyword\"}"))).containsExactly(PASSAGES.get(5));
    assertThat(texts(search(handler, "{\"query\":\"queues OR queue\",\"mode\":\"keyword\"}")))
        .containsExactly(PASSAGES.get(4), PASSAGES.get(0));
    assertThat(texts(search(handler, "{\"query\":\"queue -poison\",\"mode\":\"keyword\"}"))).containsExactly(PASSAGES.get(0));
    assertThat(texts(search(handler, "{\"query\":\"\\\"cool fermentation\\\" queue\",\"mode\":\"keyword\"}")))
        .as("a quoted phrase must appear").containsExactly(PASSAGES.get(1));
    assertThat(texts(search(handler, "{\"query\":\"the of and\",\"mode\":\"keyword\"}"))).as("stop words only").isEmpty();
    assertThat(texts(search(handler, "{\"query\":\"penguins \\\"of the\\\" -the\",\"mode\":\"keyword\"}")))
        .as("a phrase or exclusion of stop words constrains nothing").containsExactly(PASSAGES.get(3));
  }

  @Test
  void hybridMode_findsByMeaningAndByWords_scoresWithinZeroToOne() {
    JsonNode results = search(handler, "{\"query\":\"bananas\",\"top_k\":6,\"mode\":\"hybrid\"}").get("results");

    assertThat(results).hasSize(6);
    assertThat(results.get(0).get("text").asText()).as("the only passage with the word is first").isEqualTo(PASSAGES.get(5));
    results.forEach(r -> assertThat(r.get("score").asDouble()).isBetween(0.0, 1.0));
  }

  @Test
  void inferenceDown_keywordModeStillAnswers_vectorAndHybrid503() {
    assertThat(search(inferenceDown, "{\"query\":\"penguins\",\"mode\":\"keyword\"}").get("results")).hasSize(1);
    for (String mode : List.of("vector", "hybrid")) {
      APIGatewayV2HTTPResponse response = inferenceDown.handleRequest(
          searchEvent("{\"query\":\"penguins\",\"mode\":\"" + mode + "\"}"), null);
      assertThat(response.getStatusCode()).as(mode).isEqualTo(503);
      assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    }
  }

  @Test
  void databaseDown_is503WithRetryAfter_notA500() {
    // Nothing listens on this port: what a stopped PostgreSQL looks like to the function.
    Map<String, String> vars = FunctionEnvironment.forTest("search-db-down", 30)
        .vectorDb("jdbc:postgresql://127.0.0.1:" + io.docpipe.local.servers.FreePort.pick() + "/docpipe", "postgres", "")
        .embeddings(LocalServers.get().embeddings().endpoint().toString()).build();
    SearchHandler dbDown = SearchHandler.from(vars, Clock.systemUTC());

    for (String mode : List.of("keyword", "vector", "hybrid")) {
      APIGatewayV2HTTPResponse response = dbDown.handleRequest(
          searchEvent("{\"query\":\"penguins\",\"mode\":\"" + mode + "\"}"), null);

      assertThat(response.getStatusCode()).as(mode).isEqualTo(503);
      assertThat(response.getHeaders()).as(mode).containsEntry("Content-Type", "application/problem+json")
          .containsEntry("Retry-After", "5");
      assertThat(Json.read(response.getBody(), JsonNode.class).get("type").asText()).endsWith("/vector-db-unavailable");
    }
  }

  private JsonNode search(SearchHandler target, String body) {
    APIGatewayV2HTTPResponse response = target.handleRequest(searchEvent(body), null);
    assertThat(response.getStatusCode()).as(body).isEqualTo(200);
    return Json.read(response.getBody(), JsonNode.class);
  }

  private static List<String> texts(JsonNode body) {
    List<String> texts = new ArrayList<>();
    body.get("results").forEach(r -> texts.add(r.get("text").asText()));
    return texts;
  }

  @Test
  void searchEvent_topKDefaultsToFive_andAnEmptyCorpusGivesNoResults() {
    assertThat(Json.read(handler.handleRequest(searchEvent("{\"query\":\"penguins\"}"), null).getBody(), JsonNode.class)
        .get("results")).hasSize(5);
    APIGatewayV2HTTPEvent empty = searchEvent("{\"query\":\"penguins\"}");
    empty.setPathParameters(Map.of("corpus_name", "nothing-here"));
    assertThat(Json.read(handler.handleRequest(empty, null).getBody(), JsonNode.class).get("results")).isEmpty();
  }

  @Test
  void badQueries_are400Problems() {
    for (String body : new String[] {"{}", "{\"query\":\"\"}", "{\"query\":\"x\",\"top_k\":101}", "{\"query\":\"x\",\"top_k\":\"5\"}",
        "{\"query\":\"x\",\"top_k\":2.5}", "{\"query\":\"" + "x".repeat(2001) + "\"}", "not json", "{\"query\":7}"}) {
      APIGatewayV2HTTPResponse response = handler.handleRequest(searchEvent(body), null);
      assertThat(response.getStatusCode()).as(body).isEqualTo(400);
      assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    }
  }

  @Test
  void hostileRequests_get4xxProblems_namingTheFieldAtFault() {
    String nested = "{\"query\":\"x\",\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    Object[][] table = {
        {"{\"query\":null}", 400, "query"}, {"{\"query\":[\"x\"]}", 400, "query"}, {"{\"query\":{}}", 400, "query"},
        {"{\"query\":\"a\\u0000b\"}", 400, "query"}, {"{\"query\":\"\\ud800\"}", 400, "query"},
        {"{\"query\":\"x\",\"top_k\":true}", 400, "top_k"}, {"{\"query\":\"x\",\"top_k\":[5]}", 400, "top_k"},
        {"{\"query\":\"x\",\"top_k\":1e400}", 400, "top_k"}, {"{\"query\":\"x\",\"top_k\":-1}", 400, "top_k"},
        {"{\"query\":\"x\",\"mode\":\"semantic\"}", 400, "mode"}, {"{\"query\":\"x\",\"mode\":\"Vector\"}", 400, "mode"},
        {"{\"query\":\"x\",\"mode\":1}", 400, "mode"}, {"{\"query\":\"x\",\"mode\":[\"vector\"]}", 400, "mode"},
        {"{\"query\":\"x\",\"query\":\"y\"}", 400, null}, {nested, 400, null}, {"null", 400, null},
        {"{\"query\":\"" + "x".repeat(70_000) + "\"}", 413, null}};
    for (Object[] row : table) {
      APIGatewayV2HTTPResponse response = handler.handleRequest(searchEvent((String) row[0]), null);
      String shown = ((String) row[0]).substring(0, Math.min(60, ((String) row[0]).length()));
      assertThat(response.getStatusCode()).as(shown).isEqualTo(row[1]);
      JsonNode problem = Json.read(response.getBody(), JsonNode.class);
      assertThat(problem.path("field").asText(null)).as(shown).isEqualTo(row[2]);
      assertThat(response.getBody()).as(shown).doesNotContain("Exception", "java.", "com.fasterxml", "\tat ");
    }
    APIGatewayV2HTTPEvent text = searchEvent("{\"query\":\"penguins\"}");
    text.getHeaders().put("content-type", "text/plain");
    assertThat(handler.handleRequest(text, null).getStatusCode()).isEqualTo(415);
    APIGatewayV2HTTPEvent get = searchEvent("{\"query\":\"penguins\"}");
    get.getRequestContext().getHttp().setMethod("GET");
    get.setRouteKey("ANY /corpora/{corpus_name}/search");
    assertThat(handler.handleRequest(get, null).getHeaders()).containsEntry("Allow", "POST");
    APIGatewayV2HTTPEvent anonymous = searchEvent("{\"query\":\"penguins\"}");
    anonymous.getRequestContext().setAuthorizer(null);
    assertThat(handler.handleRequest(anonymous, null).getStatusCode()).isEqualTo(401);
    APIGatewayV2HTTPEvent sqlish = searchEvent("{\"query\":\"'; DROP TABLE chunks; --\",\"top_k\":2}");
    assertThat(handler.handleRequest(sqlish, null).getStatusCode()).isEqualTo(200);
  }

  private APIGatewayV2HTTPEvent searchEvent(String body) {
    APIGatewayV2HTTPEvent event = EventFiles.load("search.json", APIGatewayV2HTTPEvent.class);
    event.setPathParameters(Map.of("corpus_name", corpus));
    event.setBody(body);
    event.setIsBase64Encoded(false);
    return event;
  }
}
