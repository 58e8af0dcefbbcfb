package io.docpipe.local.servers;

import static io.docpipe.local.servers.FaultyEmbeddingFault.delay;
import static io.docpipe.local.servers.FaultyEmbeddingFault.ok;
import static io.docpipe.local.servers.FaultyEmbeddingFault.stall;
import static io.docpipe.local.servers.FaultyEmbeddingFault.status;
import static io.docpipe.local.servers.FaultyEmbeddingFault.throttle;
import static io.docpipe.local.servers.Vectors.dot;
import static io.docpipe.local.servers.Vectors.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docpipe.local.servers.FaultyEmbeddingServer.LoggedRequest;
import io.docpipe.local.servers.FaultyEmbeddingServer.Mode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultyEmbeddingServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a test waits for an outcome; it goes on as soon as there is one. */
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int DIMENSION = 64;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private FaultyEmbeddingServer server;

  @BeforeEach
  void startServer() {
    server = FaultyEmbeddingServer.start(0, DIMENSION);
  }

  @AfterEach
  void stopServer() {
    server.close();
    http.close();
  }

  @Test
  void up_answersUnitVectorsOfTheDimension_deterministicPerText() throws Exception {
    HttpResponse<String> first = embed("the quick brown fox", "hello");
    HttpResponse<String> again = embed("hello");

    JsonNode body = JSON.readTree(first.body());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("model").asText()).isNotBlank();
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo((4 + 2) + (1 + 2));
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(9);
    assertThat(body.get("data")).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode item = body.get("data").get(i);
      assertThat(item.get("object").asText()).isEqualTo("embedding");
      assertThat(item.get("index").asInt()).isEqualTo(i);
      assertThat(floats(item.get("embedding"))).hasSize(DIMENSION);
      assertThat(dot(floats(item.get("embedding")), floats(item.get("embedding")))).isCloseTo(1.0, within(1e-5));
    }
    float[] hello = floats(body.at("/data/1/embedding"));
    assertThat(floats(JSON.readTree(again.body()).at("/data/0/embedding"))).containsExactly(hello);
    assertThat(dot(floats(body.at("/data/0/embedding")), hello)).isLessThan(0.9);
    assertThat(send(get("/health")).statusCode()).isEqualTo(200);
  }

  @Test
  void unavailable_answers503WithAnErrorBody_andFailsHealth() throws Exception {
    server.mode(Mode.UNAVAILABLE);

    HttpResponse<String> response = embed("text");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText()).isNotBlank();
    assertThat(send(get("/health")).statusCode()).isEqualTo(503);
    assertThat(server.requests()).singleElement()
        .returns(503, LoggedRequest::status).returns(Mode.UNAVAILABLE, LoggedRequest::mode);
  }

  @Test
  void refuse_refusesConnections_andUpServesAgainOnTheSamePort() throws Exception {
    URI endpoint = server.endpoint();
    assertThat(embed("before").statusCode()).isEqualTo(200);

    server.mode(Mode.REFUSE);
    // A client of its own: the point is a new connection, not whether a pooled one noticed the close yet.
    try (HttpClient fresh = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> fresh.send(post("text"), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
    }
    server.mode(Mode.UP);

    assertThat(server.endpoint()).isEqualTo(endpoint);
    assertThat(embed("after").statusCode()).isEqualTo(200);
    assertThat(server.count()).isEqualTo(2);
  }

  @Test
  void throttle_answers429_withTheConfiguredRetryAfter_orNoneWhenNull() throws Exception {
    server.mode(Mode.THROTTLE);

    HttpResponse<String> byDefault = embed("text");
    server.retryAfterSeconds(7);
    HttpResponse<String> configured = embed("text");
    server.retryAfterSeconds(null);
    HttpResponse<String> without = embed("text");
    server.script(throttle(3));
    HttpResponse<String> scripted = embed("text");

    assertThat(List.of(byDefault, configured, without, scripted))
        .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(429));
    assertThat(byDefault.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(configured.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(without.headers().firstValue("Retry-After")).isEmpty();
    assertThat(scripted.headers().firstValue("Retry-After")).hasValue("3");
  }

  @Test
  void script_isConsumedInOrder_beforeTheModeAppliesAgain() throws Exception {
    server.mode(Mode.UNAVAILABLE);
    server.script(status(500), status(424), throttle(null), ok());

    List<Integer> statuses = List.of(embed("1").statusCode(), embed("2").statusCode(), embed("3").statusCode(),
        embed("4").statusCode(), embed("5").statusCode());

    assertThat(statuses).containsExactly(500, 424, 429, 200, 503);
    assertThat(server.scriptRemaining()).isZero();
    assertThat(server.requests()).extracting(LoggedRequest::scripted).containsExactly(true, true, true, true, false);
    assertThat(server.requests()).extracting(LoggedRequest::status).containsExactly(500, 424, 429, 200, 503);
  }

  @Test
  void delayFault_answersNormally_afterTheDelay() throws Exception {
    Duration slow = Duration.ofMillis(250);
    server.script(delay(slow));

    HttpResponse<String> response = embed("slow text");
    long answered = System.nanoTime();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).at("/data/0/embedding")).hasSize(DIMENSION);
    // The delay is the server's, counted from when it had the request: however slowly a busy machine delivered it.
    assertThat(answered - server.requests().getFirst().receivedNanos()).isGreaterThanOrEqualTo(slow.toNanos());
  }

  @Test
  void stall_isEndedByTheClientTimeout_andTheLogShowsItPending() {
    server.mode(Mode.STALL);
    HttpRequest request = HttpRequest.newBuilder(uri("/v1/embeddings")).timeout(Duration.ofSeconds(2))
        .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"text\"}")).build();

    CompletableFuture<HttpResponse<String>> stalled = sendAsync(request);

    Await.until("the stalled request to be logged", WAIT, server::count, count -> count == 1);
    assertThatThrownBy(() -> stalled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(server.requests()).singleElement()
        .returns(LoggedRequest.PENDING, LoggedRequest::status)
        .returns(Mode.STALL, LoggedRequest::mode)
        .returns(stall(), LoggedRequest::fault);
    server.mode(Mode.UP);
    Await.until("the stalled request to be abandoned", WAIT, () -> server.requests().getFirst().status(),
        status -> status == LoggedRequest.ABANDONED);
  }

  @Test
  void stalledRequest_doesNotHoldUpOthers_andIsAbandonedWhenTheModeChanges() throws Exception {
    server.script(stall());
    CompletableFuture<HttpResponse<String>> stalled = sendAsync(post("held"));
    Await.until("the stalled request to arrive", WAIT, server::count, count -> count == 1);

    HttpResponse<String> other = embed("other");

    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(stalled).isNotDone();
    server.mode(Mode.UNAVAILABLE);
    assertThatThrownBy(() -> stalled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(server.requests()).extracting(LoggedRequest::status).containsExactly(LoggedRequest.ABANDONED, 200);
  }

  @Test
  void probes_areCountedApart_fromOtherRequests() throws Exception {
    embed("ordinary text");
    long afterFirst = System.nanoTime();
    embed(FaultyEmbeddingServer.DEFAULT_PROBE_TEXT);
    embed(FaultyEmbeddingServer.DEFAULT_PROBE_TEXT, "not alone, so not a probe");

    assertThat(server.count()).isEqualTo(3);
    assertThat(server.countProbes()).isEqualTo(1);
    assertThat(server.countNonProbe()).isEqualTo(2);
    assertThat(server.countSince(afterFirst, true)).isEqualTo(2);
    assertThat(server.countSince(afterFirst, false)).isEqualTo(1);
    assertThat(server.requests()).extracting(LoggedRequest::inputs).containsExactly(1, 1, 2);
    server.reset();
    assertThat(server.count()).isZero();
  }

  @Test
  void probeText_isConfigurable() throws Exception {
    try (FaultyEmbeddingServer custom = FaultyEmbeddingServer.builder().probeText("ping").start()) {
      send(HttpRequest.newBuilder(custom.endpoint().resolve("/v1/embeddings"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"input\":[\"ping\"]}")).build());

      assertThat(custom.countProbes()).isEqualTo(1);
    }
  }

  @Test
  void malformedRequests_getErrorsLikeTheRealServer() throws Exception {
    HttpResponse<String> notJson = send(HttpRequest.newBuilder(uri("/v1/embeddings"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": [")).build());
    HttpResponse<String> empty = send(HttpRequest.newBuilder(uri("/v1/embeddings"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": []}")).build());
    HttpResponse<String> wrongMethod = send(get("/v1/embeddings"));
    HttpResponse<String> unknown = send(get("/v1/other"));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(unknown.statusCode()).isEqualTo(404);
    for (var r : List.of(notJson, empty, wrongMethod, unknown)) {
      assertThat(JSON.readTree(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
    assertThat(server.requests()).extracting(LoggedRequest::status).containsExactly(400, 422);
  }

  @Test
  void close_withAStalledRequestOpen_releasesIt_andReturns() {
    // A server whose close would wait for ever for a handler still holding its request, rather than interrupt it
    // after a second: close returns only because it released the stalled request itself.
    server.close();
    server = FaultyEmbeddingServer.builder().dimension(DIMENSION).closeGrace(Duration.ofDays(1)).start();
    server.mode(Mode.STALL);
    CompletableFuture<HttpResponse<String>> stalled = sendAsync(post("held"));
    Await.until("the stalled request to arrive", WAIT, server::count, count -> count == 1);

    // The bound is no timing: it turns a close that hangs into a failure.
    assertTimeoutPreemptively(WAIT, server::close);

    assertThatThrownBy(() -> stalled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(server.requests().getFirst().status()).isEqualTo(LoggedRequest.ABANDONED);
  }

  private HttpResponse<String> embed(String... texts) throws Exception {
    return send(post(texts));
  }

  private HttpRequest post(String... texts) {
    try {
      return HttpRequest.newBuilder(uri("/v1/embeddings")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("input", List.of(texts)))))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(uri(path)).GET().build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return server.endpoint().resolve(path);
  }
}
