package io.docpipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.SettableClock;
import io.docpipe.shared.Json;
import io.docpipe.shared.aws.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Idempotency keys, per-caller quotas, authentication, routing and request ids of the api handler, fed the event files,
 * against DynamoDB Local and ElasticMQ. Each test has its own table and queues, and a clock it can move.
 */
class SubmissionGuardsTest {
  private static final int QUOTA = 3;

  private FunctionEnvironment env;
  private AwsClients aws;
  private SettableClock clock;
  private ApiHandler handler;

  @BeforeEach
  void setUp() {
    env = FunctionEnvironment.forTest("guards", 30);
    aws = env.clients();
    // Stopped at the start of a minute, and moved only by the tests: however long a busy machine takes, no test's
    // requests straddle two quota windows and every time the handler reports is exact.
    clock = SettableClock.stoppedAt(Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60 + 1) * 60));
    handler = ApiHandler.from(env.with("SUBMISSIONS_PER_MINUTE", Integer.toString(QUOTA)).build(), clock);
  }

  @Test
  void sameKeySameBody_replaysTheJob_withoutASecondJobOrQuota() {
    APIGatewayV2HTTPResponse first = handler.handleRequest(submit("alice", "key-1", "https://example.com/a"), null);
    APIGatewayV2HTTPResponse again = handler.handleRequest(submit("alice", "key-1", "https://example.com/a"), null);
    APIGatewayV2HTTPResponse third = handler.handleRequest(submit("alice", "key-1", "https://example.com/a"), null);

    assertThat(first.getStatusCode()).isEqualTo(202);
    assertThat(first.getHeaders()).doesNotContainKey("Idempotent-Replayed");
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(again.getHeaders()).containsEntry("Idempotent-Replayed", "true")
        .containsEntry("Location", first.getHeaders().get("Location"));
    assertThat(jobId(again)).isEqualTo(jobId(first)).isEqualTo(jobId(third));
    assertThat(json(again).get("status").asText()).isEqualTo("queued");
    assertThat(scrapeMessages()).hasSize(1);
    // Replays used no quota: the caller still has QUOTA - 1 submissions this minute.
    for (int i = 0; i < QUOTA - 1; i++) {
      assertThat(handler.handleRequest(submit("alice", null, "https://example.com/q" + i), null).getStatusCode()).isEqualTo(202);
    }
  }

  @Test
  void sameKeyOtherBody_is409_andTheKeyIsPerCaller() {
    String jobId = jobId(handler.handleRequest(submit("alice", "key-2", "https://example.com/a"), null));

    APIGatewayV2HTTPResponse other = handler.handleRequest(submit("alice", "key-2", "https://example.com/b"), null);
    APIGatewayV2HTTPResponse bob = handler.handleRequest(submit("bob", "key-2", "https://example.com/b"), null);

    assertThat(other.getStatusCode()).isEqualTo(409);
    assertThat(json(other).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(bob.getStatusCode()).isEqualTo(202);
    assertThat(jobId(bob)).isNotEqualTo(jobId);
  }

  @Test
  void concurrentRequestsWithOneKey_createOneJob() throws Exception {
    int requests = 8;
    handler = ApiHandler.from(env.with("SUBMISSIONS_PER_MINUTE", "100").build(), clock);
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      Callable<APIGatewayV2HTTPResponse> call = () -> {
        start.await();
        return handler.handleRequest(submit("carol", "race", "https://example.com/race"), null);
      };
      answers.add(pool.submit(call));
    }
    start.countDown();
    List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
    for (Future<APIGatewayV2HTTPResponse> f : answers) responses.add(f.get());
    pool.shutdown();

    assertThat(responses).extracting(APIGatewayV2HTTPResponse::getStatusCode).isSubsetOf(202, 200, 409)
        .containsOnlyOnce(202);
    assertThat(responses.stream().filter(r -> r.getStatusCode() != 409).map(SubmissionGuardsTest::jobId)
        .collect(Collectors.toSet())).hasSize(1);
    assertThat(scrapeMessages()).hasSize(1);
  }

  @Test
  void keyItems_carryNoJobAttributes_andExpireIn24Hours() {
    handler.handleRequest(submit("dave", "key-3", "https://example.com/a"), null);

    Map<String, AttributeValue> item = aws.dynamo().getItem(b -> b.tableName(env.localResources().jobsTable())
        .key(Map.of("job_id", AttributeValue.fromS(DynamoIdempotencyStore.id("dave", IdempotencyKeys.sha256("key-3"))))))
        .item();
    assertThat(item).containsKeys("target_job_id", "request_hash", "expires_at")
        .doesNotContainKeys("status", "active_status", "updated_at");
    assertThat(Long.parseLong(item.get("expires_at").n()))
        .isEqualTo(clock.instant().getEpochSecond() + 24 * 3600);
    Map<String, AttributeValue> quota = aws.dynamo().getItem(b -> b.tableName(env.localResources().jobsTable())
        .key(Map.of("job_id", AttributeValue.fromS(DynamoSubmissionQuota.id("dave", clock.instant().getEpochSecond() / 60)))))
        .item();
    assertThat(quota).containsEntry("submissions", AttributeValue.fromN("1")).containsKey("expires_at")
        .doesNotContainKeys("status", "active_status", "updated_at");
  }

  @Test
  void anExpiredKey_startsAfresh() {
    String first = jobId(handler.handleRequest(submit("erin", "key-4", "https://example.com/a"), null));
    clock.advance(Duration.ofHours(24).plusSeconds(1));

    APIGatewayV2HTTPResponse later = handler.handleRequest(submit("erin", "key-4", "https://example.com/b"), null);

    assertThat(later.getStatusCode()).isEqualTo(202);
    assertThat(jobId(later)).isNotEqualTo(first);
  }

  @Test
  void overTheQuota_is429WithRetryAfter_untilTheNextMinute_perCaller() {
    clock.advance(Duration.ofSeconds(45));
    for (int i = 0; i < QUOTA; i++) {
      assertThat(handler.handleRequest(submit("frank", null, "https://example.com/" + i), null).getStatusCode()).isEqualTo(202);
    }

    APIGatewayV2HTTPResponse refused = handler.handleRequest(submit("frank", null, "https://example.com/x"), null);
    APIGatewayV2HTTPResponse otherCaller = handler.handleRequest(submit("grace", null, "https://example.com/x"), null);
    clock.advance(Duration.ofSeconds(15));
    APIGatewayV2HTTPResponse nextMinute = handler.handleRequest(submit("frank", null, "https://example.com/x"), null);

    assertThat(refused.getStatusCode()).isEqualTo(429);
    assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    assertThat(refused.getHeaders()).as("45 s into the minute").containsEntry("Retry-After", "15");
    assertThat(otherCaller.getStatusCode()).isEqualTo(202);
    assertThat(nextMinute.getStatusCode()).isEqualTo(202);
    assertThat(scrapeMessages()).hasSize(QUOTA + 2);
  }

  @Test
  void concurrentSubmissions_neverExceedTheQuota() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String url = "https://example.com/c" + i;
      statuses.add(pool.submit(() -> handler.handleRequest(submit("heidi", null, url), null).getStatusCode()));
    }
    List<Integer> seen = new ArrayList<>();
    for (Future<Integer> f : statuses) seen.add(f.get());
    pool.shutdown();

    assertThat(seen.stream().filter(s -> s == 202)).hasSize(QUOTA);
    assertThat(seen.stream().filter(s -> s == 429)).hasSize(10 - QUOTA);
  }

  @Test
  void invalidKeys_are400NamingTheHeader() {
    for (String key : new String[] {"", "x".repeat(256), "caf\u00e9", "a\r\nX-Injected: 1", "tab\there", "\u0000"}) {
      APIGatewayV2HTTPResponse response = handler.handleRequest(submit("ivan", key, "https://example.com/a"), null);
      assertThat(response.getStatusCode()).as("key %s", key).isEqualTo(400);
      assertThat(json(response).get("field").asText()).isEqualTo("Idempotency-Key");
    }
    assertThat(scrapeMessages()).isEmpty();
  }

  @Test
  void withoutVerifiedClaims_is401_andNothingIsCreated() {
    APIGatewayV2HTTPEvent event = submit("judy", null, "https://example.com/a");
    event.getRequestContext().setAuthorizer(null);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getHeaders()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(scrapeMessages()).isEmpty();
  }

  @Test
  void otherMethods_are405WithAllow_andUnknownRoutes404() {
    APIGatewayV2HTTPEvent put = submit("kim", null, "https://example.com/a");
    put.setRouteKey("ANY /jobs");
    put.getRequestContext().getHttp().setMethod("PUT");
    APIGatewayV2HTTPEvent delete = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
    delete.setRouteKey("ANY /jobs/{job_id}");
    delete.getRequestContext().getHttp().setMethod("DELETE");
    APIGatewayV2HTTPEvent unknown = submit("kim", null, "https://example.com/a");
    unknown.setRouteKey("$default");

    assertThat(handler.handleRequest(put, null)).satisfies(r -> {
      assertThat(r.getStatusCode()).isEqualTo(405);
      assertThat(r.getHeaders()).containsEntry("Allow", "POST");
    });
    assertThat(handler.handleRequest(delete, null)).satisfies(r -> {
      assertThat(r.getStatusCode()).isEqualTo(405);
      assertThat(r.getHeaders()).containsEntry("Allow", "GET");
    });
    assertThat(handler.handleRequest(unknown, null).getStatusCode()).isEqualTo(404);
    assertThat(scrapeMessages()).isEmpty();
  }

  @Test
  void requestIds_areEchoedWhenValid_andReplacedOtherwise() {
    APIGatewayV2HTTPEvent valid = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
    valid.getHeaders().put("x-request-id", "req-123_abc.DEF");
    APIGatewayV2HTTPEvent hostile = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
    hostile.getHeaders().put("x-request-id", "evil\r\nSet-Cookie: a=b");

    assertThat(handler.handleRequest(valid, null).getHeaders()).containsEntry("X-Request-Id", "req-123_abc.DEF");
    assertThat(handler.handleRequest(hostile, null).getHeaders().get("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  private APIGatewayV2HTTPEvent submit(String caller, String key, String url) {
    APIGatewayV2HTTPEvent event = EventFiles.load("api-submit-job.json", APIGatewayV2HTTPEvent.class);
    event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", caller));
    event.setBody(Json.write(Map.of("url", url, "corpus_name", "docs")));
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    if (key != null) headers.put("idempotency-key", key);
    event.setHeaders(headers);
    return event;
  }

  private Set<String> scrapeMessages() {
    Set<String> ids = new java.util.HashSet<>();
    String queue = env.localResources().queueUrls().get("scrape");
    List<software.amazon.awssdk.services.sqs.model.Message> batch;
    do {
      batch = aws.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60))
          .messages();
      batch.forEach(m -> ids.add(Json.read(m.body(), JsonNode.class).get("job_id").asText()));
    } while (!batch.isEmpty());
    return ids;
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) {
    return Json.read(response.getBody(), JsonNode.class);
  }

  private static String jobId(APIGatewayV2HTTPResponse response) {
    return json(response).get("job_id").asText();
  }
}
