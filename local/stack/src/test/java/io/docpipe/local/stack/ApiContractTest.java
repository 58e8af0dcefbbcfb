package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docpipe.api.ApiHandler;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FaultyEmbeddingFault;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.SettableClock;
import io.docpipe.search.SearchHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docs/openapi.yaml against the real handlers: every operation is driven to every status a function (or the local
 * front) can give it, through the local stack's HTTP front with a bearer token, or, for dependencies failing
 * (503, 500), with events straight into handlers wired like the stack's. Each answer is validated against the
 * document (status listed, media type, body schema, required headers and their values); at the end every documented
 * status must have been seen, and no status literal in the handlers' code may be missing from the document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractTest {
  private static final String TOKEN = "contract-test-token-0123456789";
  private static final int QUOTA = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STATUS_LITERAL =
      Pattern.compile("(?:HttpResponses\\.(?:problem|json)|withStatusCode)\\(\\s*(\\d{3})\\b");

  /** An HTTP answer, from the front or from a handler, headers case-insensitive. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final Map<String, Set<Integer>> seen = new TreeMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OpenApiDocument doc;
  private FaultyEmbeddingServer inference;
  private SettableClock clock;
  private LocalStack stack;
  private String jobId;

  @BeforeAll
  void start() throws Exception {
    doc = OpenApiDocument.load(TemplateTest.repoRoot());
    inference = FaultyEmbeddingServer.start(0, 384);
    clock = new SettableClock();
    Path state = Files.createDirectories(Path.of("target", "contract-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of("SUBMISSIONS_PER_MINUTE", Integer.toString(QUOTA),
            "EMBED_RETRY_MAX_ATTEMPTS", "1"))
        .withEmbeddingBaseUrl(inference.endpoint().toString()).withClock(clock).withApiToken(TOKEN));
  }

  @AfterAll
  void stop() {
    if (stack != null) stack.close();
    if (inference != null) inference.close();
  }

  @Test
  @Order(1)
  void submitJob_answersAsDocumented() {
    String body = "{\"url\":\"https://example.com/contract\",\"corpus_name\":\"contract\"}";
    Answer created = check("POST /jobs", send("POST", "/jobs", body, Map.of("Idempotency-Key", "contract-1")), 202);
    jobId = parse(created.body()).path("job_id").asText();
    Answer replay = check("POST /jobs", send("POST", "/jobs", body, Map.of("Idempotency-Key", "contract-1")), 200);
    assertThat(parse(replay.body()).path("job_id").asText()).isEqualTo(jobId);
    check("POST /jobs", send("POST", "/jobs", body.replace("contract\"}", "other\"}"), Map.of("Idempotency-Key", "contract-1")), 409);
    check("POST /jobs", send("POST", "/jobs", "{\"url\":\"ftp://example.com\",\"corpus_name\":\"contract\"}", Map.of()), 400);
    check("POST /jobs", send("POST", "/jobs", "{\"pad\":\"" + "x".repeat(70_000) + "\"}", Map.of()), 413);
    check("POST /jobs", send("POST", "/jobs", body, Map.of("Content-Type", "text/plain")), 415);
    check("POST /jobs", sendWithoutToken("POST", "/jobs", body), 401);
    check("POST /jobs", handle(ApiHandler.from(stack.environmentOf("api"), clock), withoutClaims(submitEvent(body))), 401);
    // A fresh window just before the submissions it counts (set at start-up, a slow start on a loaded machine let
    // the window end between them): QUOTA accepted, the next one limited.
    clock.set(Instant.ofEpochSecond((clock.instant().getEpochSecond() / 60 + 1) * 60));
    for (int i = 0; i < QUOTA; i++) check("POST /jobs", send("POST", "/jobs", body, Map.of()), 202);
    Answer limited = check("POST /jobs", send("POST", "/jobs", body, Map.of()), 429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    clock.advance(Duration.ofMinutes(1));

    // Dependencies failing: a queue that does not exist (the job is ended, 503), a table that does not exist (500).
    Map<String, String> noQueue = new HashMap<>(stack.environmentOf("api"));
    noQueue.put("SCRAPE_QUEUE_URL", noQueue.get("SCRAPE_QUEUE_URL").replaceAll("[^/]+$", "no-such-queue"));
    check("POST /jobs", handle(ApiHandler.from(noQueue, clock), submitEvent(body)), 503);
    check("POST /jobs", handle(ApiHandler.from(noTable(), clock), submitEvent(body)), 500);
  }

  @Test
  @Order(2)
  void getJob_answersAsDocumented() {
    check("GET /jobs/{job_id}", send("GET", "/jobs/" + jobId, null, Map.of()), 200);
    check("GET /jobs/{job_id}", send("GET", "/jobs/00000000-0000-4000-8000-000000000000", null, Map.of()), 404);
    check("GET /jobs/{job_id}", send("GET", "/jobs/..%2F..%2Fetc%2Fpasswd", null, Map.of()), 404);
    check("GET /jobs/{job_id}", sendWithoutToken("GET", "/jobs/" + jobId, null), 401);
    APIGatewayV2HTTPEvent get = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
    get.setPathParameters(Map.of("job_id", jobId));
    check("GET /jobs/{job_id}", handle(ApiHandler.from(noTable(), clock), get), 500);
  }

  @Test
  @Order(3)
  void search_answersAsDocumented() {
    String path = "/corpora/contract/search";
    check("POST /corpora/{corpus_name}/search", send("POST", path, "{\"query\":\"lighthouses\",\"top_k\":3}", Map.of()), 200);
    for (String mode : List.of("vector", "keyword", "hybrid")) {
      check("POST /corpora/{corpus_name}/search",
          send("POST", path, "{\"query\":\"lighthouses\",\"mode\":\"" + mode + "\"}", Map.of()), 200);
    }
    check("POST /corpora/{corpus_name}/search", send("POST", path, "{\"query\":\"x\",\"mode\":\"fuzzy\"}", Map.of()), 400);
    check("POST /corpora/{corpus_name}/search", send("POST", path, "{\"query\":\"\"}", Map.of()), 400);
    check("POST /corpora/{corpus_name}/search", send("POST", "/corpora/UPPER/search", "{\"query\":\"x\"}", Map.of()), 400);
    check("POST /corpora/{corpus_name}/search", send("POST", path, "{\"query\":\"" + "x".repeat(70_000) + "\"}", Map.of()), 413);
    check("POST /corpora/{corpus_name}/search", send("POST", path, "query=x", Map.of("Content-Type",
        "application/x-www-form-urlencoded")), 415);
    check("POST /corpora/{corpus_name}/search", sendWithoutToken("POST", path, "{\"query\":\"x\"}"), 401);
    inference.script(FaultyEmbeddingFault.status(400));
    check("POST /corpora/{corpus_name}/search", send("POST", path, "{\"query\":\"rejected\"}", Map.of()), 502);
    // The database unreachable: come back later (503). Reachable but broken (no such database): a 500.
    Map<String, String> noDatabase = new HashMap<>(stack.environmentOf("search"));
    noDatabase.put("VECTOR_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
    APIGatewayV2HTTPEvent search = EventFiles.load("search.json", APIGatewayV2HTTPEvent.class);
    check("POST /corpora/{corpus_name}/search", handle(SearchHandler.from(noDatabase, clock), search), 503);
    Map<String, String> brokenDatabase = new HashMap<>(stack.environmentOf("search"));
    brokenDatabase.put("VECTOR_DB_URL", brokenDatabase.get("VECTOR_DB_URL").replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1"));
    check("POST /corpora/{corpus_name}/search", handle(SearchHandler.from(brokenDatabase, clock), search), 500);
    inference.mode(FaultyEmbeddingServer.Mode.UNAVAILABLE);
    try {
      check("POST /corpora/{corpus_name}/search", send("POST", path, "{\"query\":\"down\"}", Map.of()), 503);
    } finally {
      inference.mode(FaultyEmbeddingServer.Mode.UP);
    }
  }

  @Test
  @Order(4)
  void otherMethodsAndUnknownPaths_answerAsDocumented() {
    Map<String, String> samples = Map.of("/jobs", "/jobs", "/jobs/{job_id}", "/jobs/" + jobId,
        "/corpora/{corpus_name}/search", "/corpora/contract/search");
    samples.forEach((template, path) -> {
      for (String method : List.of("GET", "PUT", "PATCH", "DELETE", "POST", "OPTIONS")) {
        if (doc.allowed(template).contains(method)) continue;
        Answer answer = check(OpenApiDocument.OTHER + " " + template, send(method, path, null, Map.of()), 405);
        assertThat(answer.header("Allow")).isEqualTo(String.join(", ", doc.allowed(template)));
      }
      check(OpenApiDocument.OTHER + " " + template, sendWithoutToken("DELETE", path, null), 401);
    });
    for (String path : List.of("/", "/admin", "/jobs/", "/jobs/a/b", "/corpora/x", "/corpora/x/search/more")) {
      check(OpenApiDocument.UNKNOWN_PATH, send("GET", path, null, Map.of()), 404);
    }
  }

  @Test
  @Order(5)
  void everyDocumentedStatus_wasProduced() {
    SoftAssertions softly = new SoftAssertions();
    doc.responses().forEach((operation, responses) -> responses.forEach((status, response) -> {
      if (OpenApiDocument.producedLocally(response)) {
        softly.assertThat(seen.getOrDefault(operation, Set.of())).as("%s %d was driven", operation, status).contains(status);
      }
    }));
    softly.assertAll();
  }

  @Test
  @Order(6)
  void noHandlerCanAnswerAStatusTheDocumentDoesNotList() throws IOException {
    Path root = TemplateTest.repoRoot();
    Set<Integer> shared = statusLiterals(root.resolve("libs/lambda/src/main/java/io/docpipe/shared/lambda"));
    Map<String, Set<Integer>> byFunction = Map.of(
        "api", statusLiterals(root.resolve("functions/api/src/main/java")),
        "search", statusLiterals(root.resolve("functions/search/src/main/java")));
    Map<String, List<String>> pathsOf = Map.of("api", List.of("/jobs", "/jobs/{job_id}"),
        "search", List.of("/corpora/{corpus_name}/search"));
    assertThat(shared).as("status literals found in libs/lambda").contains(400, 401, 404, 405, 413, 415, 500);
    assertThat(byFunction.get("api")).as("status literals found in the api").contains(200, 202, 409, 429, 503);
    SoftAssertions softly = new SoftAssertions();
    byFunction.forEach((function, own) -> {
      Set<Integer> documented = new TreeSet<>(doc.responses().get(OpenApiDocument.UNKNOWN_PATH).keySet());
      doc.responses().forEach((operation, responses) -> {
        if (pathsOf.get(function).stream().anyMatch(p -> operation.endsWith(" " + p))) documented.addAll(responses.keySet());
      });
      Set<Integer> possible = new TreeSet<>(own);
      possible.addAll(shared);
      softly.assertThat(documented).as("statuses the %s function's code can answer, documented for its paths", function)
          .containsAll(possible);
    });
    softly.assertAll();
  }

  @Test
  @Order(7)
  void httpSpans_carryTheCallerType_andTheRequestId() {
    Answer answer = send("GET", "/jobs/" + jobId, null, Map.of("X-Request-Id", "contract-span-1"));
    assertThat(answer.header("X-Request-Id")).isEqualTo("contract-span-1");

    var spans = Await.until("the GET span", Duration.ofSeconds(60), () -> stack.telemetry().allSpans().stream()
        .filter(s -> "contract-span-1".equals(s.attributes().get("http.request_id"))).toList(), l -> !l.isEmpty());
    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.attributes()).containsEntry("caller.type", "user").containsEntry("http.route", "/jobs/{job_id}");
      assertThat(span.service()).isEqualTo("api");
    });
  }

  // ---- driving and checking ----

  /** Validates {@code answer} as a response of {@code operation} with {@code expected} status, and records it. */
  private Answer check(String operation, Answer answer, int expected) {
    assertThat(answer.status()).as("%s: status (body %s)", operation, answer.body()).isEqualTo(expected);
    Map<Integer, JsonNode> responses = doc.responses().get(operation);
    assertThat(responses).as("%s is in docs/openapi.yaml", operation).isNotNull();
    JsonNode response = responses.get(answer.status());
    assertThat(response).as("%s: status %d is documented", operation, answer.status()).isNotNull();
    seen.computeIfAbsent(operation, k -> new TreeSet<>()).add(answer.status());

    SoftAssertions softly = new SoftAssertions();
    String mediaType = answer.header("Content-Type") == null ? null : answer.header("Content-Type").split(";")[0].trim();
    JsonNode content = response.path("content");
    if (answer.body() == null || answer.body().isEmpty()) {
      softly.assertThat(content.isMissingNode() || content.isEmpty()).as("%s %d: a body is documented", operation, expected).isTrue();
    } else {
      softly.assertThat(content.has(mediaType)).as("%s %d: media type %s is documented", operation, expected, mediaType).isTrue();
      if (content.has(mediaType)) {
        softly.assertThat(OpenApiDocument.violations(content.path(mediaType).path("schema"), parse(answer.body())))
            .as("%s %d: body %s", operation, expected, answer.body()).isEmpty();
      }
    }
    response.path("headers").fields().forEachRemaining(h -> {
      String value = answer.header(h.getKey());
      if (h.getValue().path("required").asBoolean(false)) {
        softly.assertThat(value).as("%s %d: header %s", operation, expected, h.getKey()).isNotNull();
      }
      if (value != null) {
        softly.assertThat(OpenApiDocument.violations(h.getValue().path("schema"), JSON.getNodeFactory().textNode(value)))
            .as("%s %d: header %s: %s", operation, expected, h.getKey(), value).isEmpty();
      }
    });
    softly.assertThat(answer.body() == null ? "" : answer.body()).as("%s %d: nothing internal", operation, expected)
        .doesNotContain("Exception", "java.", "software.amazon", "io.docpipe", "\tat ");
    softly.assertAll();
    return answer;
  }

  private Answer send(String method, String path, String body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + TOKEN));
    if (body != null) all.put("Content-Type", "application/json");
    all.putAll(headers);
    return exchange(method, path, body, all);
  }

  private Answer sendWithoutToken(String method, String path, String body) {
    return exchange(method, path, body, body == null ? Map.of() : Map.of("Content-Type", "application/json"));
  }

  private Answer exchange(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      response.headers().map().forEach((k, v) -> responseHeaders.put(k, String.join(",", v)));
      return new Answer(response.statusCode(), responseHeaders, response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Answer handle(com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayV2HTTPEvent,
      APIGatewayV2HTTPResponse> handler, APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("api", Duration.ofSeconds(15), 1024));
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (response.getHeaders() != null) headers.putAll(response.getHeaders());
    return new Answer(response.getStatusCode(), headers, response.getBody());
  }

  private static APIGatewayV2HTTPEvent submitEvent(String body) {
    APIGatewayV2HTTPEvent event = EventFiles.load("api-submit-job.json", APIGatewayV2HTTPEvent.class);
    event.setBody(body);
    return event;
  }

  private static APIGatewayV2HTTPEvent withoutClaims(APIGatewayV2HTTPEvent event) {
    event.getRequestContext().setAuthorizer(null);
    return event;
  }

  private Map<String, String> noTable() {
    Map<String, String> env = new HashMap<>(stack.environmentOf("api"));
    env.put("JOBS_TABLE", "no-such-table");
    return env;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** Every status code a {@code HttpResponses.problem/json(...)} or {@code withStatusCode(...)} call under {@code dir} names. */
  private static Set<Integer> statusLiterals(Path dir) throws IOException {
    Set<Integer> codes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = STATUS_LITERAL.matcher(Files.readString(file));
        while (m.find()) codes.add(Integer.parseInt(m.group(1)));
      }
    }
    return codes;
  }
}
