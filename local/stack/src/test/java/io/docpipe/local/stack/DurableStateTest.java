package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.Trees;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.aws.AwsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A restart mid-flight on the same state directory: jobs, queued and in-flight messages, idempotency keys and
 * telemetry are all found again, and every job submitted before the restart ends done, once.
 */
class DurableStateTest {
  private static final int DONE = 3;
  private static final int QUEUED = 3;
  private static final int IN_FLIGHT = 2;
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final String CORPUS = "restart-" + Long.toHexString(System.nanoTime());

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  @Test
  void restartMidFlight_resumesEveryJob_sameIds_sameIdempotentReplay_noDuplicateChunks_tracesStillAnswer()
      throws Exception {
    Path state = Files.createDirectories(Path.of("target", "durable-state"));
    // A fresh queue, table and telemetry store per run; the PostgreSQL cluster is reused (per-run corpus).
    for (String part : List.of("dynamodb", "sqs", "telemetry", "s3")) Trees.delete(state.resolve(part));
    FaultyEmbeddingServer gpu = track(FaultyEmbeddingServer.start(0, 384));
    PageServer pages = track(new PageServer());
    LocalStackOptions options = LocalStackOptions.forTests(state, Map.of("CHUNK_MAX_TOKENS", "64",
        "CHUNK_OVERLAP_TOKENS", "8", "CHUNKS_PER_PART", "2", "SCRAPER_TIMEOUT_MS", "50000"))
        .withEmbeddingBaseUrl(gpu.endpoint().toString())
        .withDurableState();

    LocalStack first = LocalStack.start(options);
    StackClient client = new StackClient(first.baseUrl());
    String key = "restart-" + System.nanoTime();
    String keyedBody = "{\"url\":\"" + pages.add("/doc/keyed", page(99)) + "\",\"corpus_name\":\"" + CORPUS + "\"}";
    String keyedJob = submitWithKey(first.baseUrl(), keyedBody, key).get("job_id").asText();
    List<String> done = new ArrayList<>(List.of(keyedJob));
    for (int i = 0; i < DONE; i++) done.add(client.submit(pages.add("/doc/" + i, page(i)), CORPUS));
    done.forEach(id -> assertThat(client.awaitEnded(id, TIMEOUT).path("status").asText()).isEqualTo("done"));
    String traceId = client.job(done.get(1)).path("trace_id").asText();
    Await.until("a done job's spans", TIMEOUT, () -> first.telemetry().spans(traceId), s -> !s.isEmpty());

    // Jobs waiting in the embed queue: its mapping is off (the Lambda API's state is not kept, so the restart
    // turns it on again).
    LambdaClient lambda = new AwsClients(Env.of(first.environment())).lambda();
    String embedQueue = first.resources().queueUrls().get("embed");
    String embedArn = first.aws().sqs().getQueueAttributes(b -> b.queueUrl(embedQueue)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    String embedUuid = lambda.listEventSourceMappings(b -> b.eventSourceArn(embedArn)).eventSourceMappings().get(0).uuid();
    lambda.updateEventSourceMapping(b -> b.uuid(embedUuid).enabled(false));
    List<String> queued = new ArrayList<>();
    for (int i = DONE; i < DONE + QUEUED; i++) queued.add(client.submit(pages.add("/doc/" + i, page(i)), CORPUS));
    // Chunked (the chunk queue empty), their parts waiting in the embed queue.
    Await.until("the queued jobs' parts to wait in the embed queue", TIMEOUT,
        () -> List.of(messages(first, "chunk"), messages(first, "embed")),
        counts -> counts.get(0) == 0 && counts.get(1) >= QUEUED);
    // And jobs whose scrape is under way when the stack stops: the page holds its first answer for 40 s (within the
    // scraper's fetch timeout, set to 50 s, and its 60 s function timeout).
    List<String> inFlight = new ArrayList<>();
    for (int i = DONE + QUEUED; i < DONE + QUEUED + IN_FLIGHT; i++) {
      String path = "/doc/" + i;
      inFlight.add(client.submit(pages.addSlow(path, "text/html; charset=utf-8", page(i).getBytes(StandardCharsets.UTF_8),
          Duration.ofSeconds(40), 1), CORPUS));
      Await.until("the scraper to fetch " + path, TIMEOUT, () -> pages.hits(path), hits -> hits > 0);
    }
    assertThat(queued).allMatch(id -> !"done".equals(client.job(id).path("status").asText()));
    assertThat(inFlight).allMatch(id -> !"done".equals(client.job(id).path("status").asText()));
    first.close();

    LocalStack second = track(LocalStack.start(options));
    StackClient again = new StackClient(second.baseUrl());
    String summary = LocalState.summary(second, state, LocalState.hasJobs(state));

    List<String> all = new ArrayList<>(done);
    all.addAll(queued);
    all.addAll(inFlight);
    for (String id : all) {
      assertThat(again.awaitEnded(id, TIMEOUT).path("status").asText()).as("job " + id).isEqualTo("done");
    }
    JsonNode replay = submitWithKey(second.baseUrl(), keyedBody, key);
    assertThat(replay.get("job_id").asText()).as("idempotent replay after the restart").isEqualTo(keyedJob);
    assertThat(summary).startsWith("found state in").contains(all.size() + " jobs");
    assertThat(second.telemetry().restoredSpans()).isPositive();
    assertThat(second.telemetry().spans(traceId)).as("a pre-restart job's trace").isNotEmpty();
    assertThat(again.get("/_local/traces/" + traceId).status()).isEqualTo(200);
    Map<String, Integer> rows = StoredChunks.rowsByUrl(second, CORPUS);
    Map<String, Integer> distinct = StoredChunks.distinctIndexesByUrl(second, CORPUS);
    assertThat(rows).as("every job's chunks stored").hasSize(all.size());
    assertThat(distinct).as("no chunk stored twice").isEqualTo(rows);
    for (String id : all) {
      JsonNode job = again.job(id);
      assertThat(rows.get(job.path("url").asText())).as("chunks of " + id).isEqualTo(job.path("chunk_count").asInt());
    }
  }

  /** Messages in a stage queue, visible or in flight. */
  private static int messages(LocalStack stack, String stage) {
    Map<QueueAttributeName, String> a = stack.aws().sqs().getQueueAttributes(b -> b
        .queueUrl(stack.resources().queueUrls().get(stage)).attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return a.values().stream().mapToInt(Integer::parseInt).sum();
  }

  private <T extends AutoCloseable> T track(T resource) {
    open.add(resource);
    return resource;
  }

  private static JsonNode submitWithKey(String base, String body, String key) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
        .header("content-type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
    return Json.read(response.body(), JsonNode.class);
  }

  private static String page(int i) {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < 6 + i % 3; s++) {
      text.append("<p>Document ").append(i).append(", sentence ").append(s)
          .append(", explains why durable queues let a pipeline resume after a restart without losing work.</p>");
    }
    return "<html><head><title>Document " + i + "</title></head><body><main>" + text + "</main></body></html>";
  }
}
