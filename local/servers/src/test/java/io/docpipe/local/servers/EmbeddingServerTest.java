package io.docpipe.local.servers;

import static io.docpipe.local.servers.Vectors.dot;
import static io.docpipe.local.servers.Vectors.floats;
import static io.docpipe.local.servers.Vectors.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddingServer server;

  @BeforeAll
  static void startServer() {
    // A token budget below TEI's 16,384 so that a small request can cross it; the item limit stays TEI's 32.
    server = Timed.start("EmbeddingServer (bge-small load)",
        () -> EmbeddingServer.builder().maxBatchTokens(4_096).start());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void embeddings_ofSeveralInputs_are384DimensionalUnitVectorsInInputOrder() throws Exception {
    HttpResponse<String> response = post("/v1/embeddings",
        Map.of("model", "bge-large-en-v1.5", "input", List.of("a much longer first input than the second", "short")));

    JsonNode body = JSON.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("model").asText()).isEqualTo("bge-small-en-v1.5");
    assertThat(body.get("data")).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode item = body.get("data").get(i);
      assertThat(item.get("object").asText()).isEqualTo("embedding");
      assertThat(item.get("index").asInt()).isEqualTo(i);
      float[] vector = floats(item.get("embedding"));
      assertThat(vector).hasSize(384);
      assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void embeddings_ofRelatedSentences_areCloserThanOfUnrelatedOnes() throws Exception {
    List<float[]> v = embed(List.of("The cat sits on the mat", "A kitten is sitting on a rug",
        "Quarterly revenue grew by eight percent"));

    double related = dot(v.get(0), v.get(1));
    double unrelated = dot(v.get(0), v.get(2));
    System.out.printf("[local-servers] cosine related=%.3f unrelated=%.3f%n", related, unrelated);
    assertThat(related).isGreaterThan(unrelated);
  }

  @Test
  void embeddings_ofOneSentenceAlone_matchTheSameSentenceInABatch() throws Exception {
    HttpResponse<String> single = post("/v1/embeddings", Map.of("input", "The cat sits on the mat"));
    float[] batched = embed(List.of("a considerably longer neighbour that forces padding of the shorter input",
        "The cat sits on the mat")).get(1);

    float[] alone = floats(JSON.readTree(single.body()).get("data").get(0).get("embedding"));
    assertThat(single.statusCode()).isEqualTo(200);
    assertThat(dot(alone, batched)).as("padding must not change a vector").isCloseTo(1.0, within(1e-4));
  }

  @Test
  void usage_countsTokensWithSpecialTokens_asTheSharedTokenizerDoes() throws Exception {
    List<String> texts = List.of("Hello, world!", "Tokenization of unbelievably long words", "");
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bge();
    int expected = texts.stream().mapToInt(tokenizer::countWithSpecialTokens).sum();

    JsonNode usage = JSON.readTree(post("/v1/embeddings", Map.of("input", texts)).body()).get("usage");

    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(expected);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(expected);
  }

  @Test
  void base64Encoding_decodesToTheFloatVector() throws Exception {
    JsonNode asFloats = JSON.readTree(post("/v1/embeddings", Map.of("input", "same text")).body());
    JsonNode asBase64 = JSON.readTree(post("/v1/embeddings",
        Map.of("input", "same text", "encoding_format", "base64")).body());

    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(asBase64.get("data").get(0).get("embedding").asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[384];
    bytes.asFloatBuffer().get(decoded);
    assertThat(decoded).containsExactly(floats(asFloats.get("data").get(0).get("embedding")));
  }

  @Test
  void concurrentRequests_allSucceedWithTheSameVectorForTheSameText() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 6)
        .mapToObj(i -> HTTP.sendAsync(HttpRequest.newBuilder(uri("/v1/embeddings"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"input\":[\"same text\",\"other " + i + "\"]}")).build(),
            HttpResponse.BodyHandlers.ofString()))
        .toList();

    List<float[]> firstVectors = new ArrayList<>();
    for (var response : responses) {
      HttpResponse<String> r = response.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      firstVectors.add(floats(JSON.readTree(r.body()).at("/data/0/embedding")));
    }
    for (float[] v : firstVectors) assertThat(dot(v, firstVectors.get(0))).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void moreThan32Inputs_is413WithAnOpenAiError() throws Exception {
    HttpResponse<String> response = post("/v1/embeddings", Map.of("input", Collections.nCopies(33, "x")));

    assertThat(response.statusCode()).isEqualTo(413);
    assertOpenAiError(response.body());
  }

  @Test
  void moreTokensThanTheBudget_is413() throws Exception {
    String longText = String.join(" ", Collections.nCopies(600, "word"));

    HttpResponse<String> response = post("/v1/embeddings", Map.of("input", Collections.nCopies(9, longText)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("4096");
  }

  @Test
  void invalidRequests_getOpenAiErrors() throws Exception {
    HttpResponse<String> empty = post("/v1/embeddings", Map.of("input", List.of()));
    HttpResponse<String> malformed = send(HttpRequest.newBuilder(uri("/v1/embeddings"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": [")).build());
    HttpResponse<String> tokens = post("/v1/embeddings", Map.of("input", List.of(List.of(101, 102))));

    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(tokens.statusCode()).isEqualTo(422);
    for (var r : List.of(empty, malformed, tokens)) assertOpenAiError(r.body());
  }

  @Test
  void routes_healthAndModelsAnswer_unknownPathsAre404() throws Exception {
    HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/health")).GET().build());
    HttpResponse<String> models = send(HttpRequest.newBuilder(uri("/v1/models")).GET().build());
    HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/v1/embeddingsx")).GET().build());
    HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri("/v1/embeddings")).GET().build());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(models.body()).at("/data/0/id").asText()).isEqualTo("bge-small-en-v1.5");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertOpenAiError(unknown.body());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
  }

  @Test
  void latency_ofABatchOfEight200TokenTexts_isPrinted() throws Exception {
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bge();
    List<String> texts = IntStream.range(0, 8).mapToObj(i -> textOfAbout200Tokens(i, tokenizer)).toList();
    embed(texts); // warm-up: the first run sizes ONNX Runtime's buffers

    List<Long> millis = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      long begin = System.nanoTime();
      assertThat(embed(texts)).hasSize(8);
      millis.add((System.nanoTime() - begin) / 1_000_000);
    }

    Collections.sort(millis);
    int tokens = texts.stream().mapToInt(tokenizer::countWithSpecialTokens).sum();
    System.out.printf("[local-servers] embedding 8 texts (%d tokens): median %d ms, min %d ms, max %d ms%n",
        tokens, millis.get(2), millis.get(0), millis.get(4));
  }

  private static String textOfAbout200Tokens(int seed, WordPieceTokenizer tokenizer) {
    String[] words = ("the pipeline scrapes documents splits them into overlapping chunks embeds every chunk and"
        + " stores vectors in postgres so that search can rank passages by cosine similarity to a query").split(" ");
    StringBuilder text = new StringBuilder("Document " + seed + ":");
    for (int i = seed; tokenizer.countWithSpecialTokens(text.toString()) < 200; i++) {
      text.append(' ').append(words[i % words.length]);
    }
    return text.toString();
  }

  private static List<float[]> embed(List<String> texts) throws Exception {
    HttpResponse<String> response = post("/v1/embeddings", Map.of("input", texts));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<float[]> vectors = new ArrayList<>();
    for (JsonNode item : JSON.readTree(response.body()).get("data")) vectors.add(floats(item.get("embedding")));
    return vectors;
  }

  private static void assertOpenAiError(String body) throws Exception {
    JsonNode error = JSON.readTree(body).get("error");
    assertThat(error).isNotNull();
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("type").asText()).isNotBlank();
  }

  private static HttpResponse<String> post(String path, Object body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return server.endpoint().resolve(path);
  }
}
