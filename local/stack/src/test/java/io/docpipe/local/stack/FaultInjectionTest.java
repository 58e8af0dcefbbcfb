package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FaultyEmbeddingFault;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.FaultyEmbeddingServer.LoggedRequest;
import io.docpipe.local.servers.FaultyEmbeddingServer.Mode;
import io.docpipe.local.servers.FreePort;
import io.docpipe.local.servers.SettableClock;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.BreakerStore.State;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The pipeline's real failure modes, through the local stack with the production handlers: a fault-injecting GPU
 * server speaking /v1/embeddings over HTTP, a clock the test moves forward, the pollers' event source mappings
 * switched through the real Lambda SDK, and short timeouts so retries and redeliveries happen in seconds. Each test
 * prints its counts and asserts them. The tests share one stack and run in order; each leaves every job it made
 * ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {
  private static final Duration JOBS_TIMEOUT = Duration.ofSeconds(180);
  // Short function timeouts so kills and retries happen in seconds. Each queue's visibility follows its function's
  // timeout as template.yaml's does (six times it), so an invocation slowed down by a busy machine is killed before
  // its records become visible again: with one 3 s visibility for every queue, a second receive started beside a slow
  // chunker, and records received five times that way reached their DLQ although their jobs ended well (6 chunk and 2
  // scrape records with the machine loaded). The chunker keeps template.yaml's timeout: a 6 s one killed its first,
  // cold invocations on a loaded machine again and again.
  private static final Duration SCRAPER_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration EMBEDDER_TIMEOUT = Duration.ofSeconds(6);
  /** How long a step waits for an outcome; it goes on as soon as there is one. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final SettableClock clock = new SettableClock();
  private FaultyEmbeddingServer gpu;
  private LocalStack stack;
  private PageServer pages;
  private StackClient client;
  private BreakerStore breaker;
  private LambdaClient lambda;

  @BeforeAll
  void start() throws Exception {
    gpu = FaultyEmbeddingServer.start(0, 384);
    Path state = Files.createDirectories(Path.of("target", "faults-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.ofEntries(
            Map.entry("SCRAPER_TIMEOUT_MS", "2500"), Map.entry("SCRAPER_CONNECT_TIMEOUT_MS", "1000"),
            Map.entry("SCRAPER_MAX_BYTES", "65536"), Map.entry("EMBEDDING_TIMEOUT_MS", "2000"),
            Map.entry("EMBED_RETRY_MAX_ATTEMPTS", "3"), Map.entry("EMBED_RETRY_BASE_MS", "100"),
            Map.entry("EMBED_RETRY_MAX_MS", "1000"), Map.entry("BREAKER_MIN_CALLS", "3"),
            Map.entry("BREAKER_OPEN_SECONDS", "5"), Map.entry("STUCK_AFTER_MINUTES", "30"),
            Map.entry("STUCK_MAX_REQUEUES", "3"),
            // No timed probes: the outage test measures the scanner alone probing, one probe per run of its
            // (the timed probe is BreakerProbeQueueTest's).
            Map.entry("PROBE_QUEUE_URL", "")))
        .withEmbeddingBaseUrl(gpu.endpoint().toString())
        .withClock(clock)
        .withFunctionTimeout("scraper", SCRAPER_TIMEOUT)
        .withFunctionTimeout("embedder", EMBEDDER_TIMEOUT));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
    AwsClients aws = new AwsClients(Env.of(stack.environment()));
    breaker = new DynamoBreakerStore(aws.dynamo(), stack.resources().jobsTable());
    lambda = aws.lambda();
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
    if (gpu != null) gpu.close();
  }

  @Test
  @Order(1)
  void gpuDownForTwoHours_nothingLost_andOnlyProbesReachItWhileTheCircuitIsOpen() throws Exception {
    gpu.mode(Mode.UNAVAILABLE);
    gpu.reset();
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 50; i++) jobs.add(client.submit(serve("/outage/" + i), "outage"));

    Await.until("the circuit to open and the embedder to stop consuming", WAIT,
        () -> breaker.read().state() == State.OPEN && !stack.consumptionEnabled("embedder"), open -> open);
    // Scraping and chunking go on; the embed queue fills and waits.
    Await.until("all 50 jobs scraped and chunked", JOBS_TIMEOUT,
        () -> inQueue("scrape") + inQueue("chunk") + jobs.stream().filter(id -> client.job(id).path("status").asText()
            .equals("queued")).count(), n -> n == 0);
    // Requests that had passed the breaker's check before it opened may still land; an invocation that starts now
    // finds the circuit open. So once the invocations under way have ended, no request may reach the GPU but probes.
    Await.until("the embedder's invocations under way to end", WAIT,
        () -> stack.pollerStats("embedder").invocationsRunning(), n -> n == 0);
    int callsAtRest = gpu.countNonProbe();
    BreakerStore.Breaker opened = breaker.read();
    // The shared state is stamped with the stack's clock; the GPU's log with the real one.
    Instant openedReal = opened.since().minus(clock.offset());
    int callsBeforeOpen = (int) gpu.requests().stream().filter(r -> r.receivedAt().isBefore(openedReal)).count();

    int searchStatus = searchDuringOutage();

    for (int run = 1; run <= 12; run++) { // two hours of scanner runs, ten minutes apart
      clock.advance(Duration.ofMinutes(10));
      Map<String, Integer> summary = stack.runScanner();
      assertThat(summary).as("run %d", run).containsEntry("breaker_state", State.OPEN.gauge()).containsEntry("stuck", 0)
          .containsEntry("failed", 0).containsEntry("requeued", 0);
      // Past the 30-minute threshold they would be stuck, but they are waiting for the GPU.
      if (run >= 4) assertThat(summary).as("run %d", run).containsEntry("waiting_on_inference", 50);
    }
    int probesWhileDown = gpu.countProbes();
    int callsWhileOpen = gpu.countNonProbe() - callsAtRest;
    assertThat(stack.consumptionEnabled("embedder")).as("still paused after two hours").isFalse();

    gpu.mode(Mode.UP);
    clock.advance(Duration.ofMinutes(10));
    Map<String, Integer> recovery = stack.runScanner();
    jobs.forEach(id -> client.awaitEnded(id, JOBS_TIMEOUT));

    FaultCounts counts = FaultCounts.of(stack, client, jobs);
    counts.print("gpu-outage", String.format("gpu_calls_before_open=%d gpu_calls_while_open=%d probes=%d search_status=%d",
        callsBeforeOpen, callsWhileOpen, gpu.countProbes(), searchStatus));
    assertThat(recovery).containsEntry("breaker_state", State.CLOSED.gauge());
    assertThat(counts.done()).isEqualTo(50);
    assertThat(counts.dlq()).isZero();
    // Two chunkers (the template's minimum cap) fill the embed queue fast enough that every embedder environment may be
    // under way when the circuit opens.
    assertThat(callsBeforeOpen).as("opened after few calls (3 per environment at most)")
        .isBetween(3, 3 * LocalStack.EMBEDDER.concurrency());
    assertThat(callsWhileOpen).isZero();
    assertThat(probesWhileDown).as("one failed probe per scanner run").isEqualTo(12);
    assertThat(gpu.countProbes()).isEqualTo(13);
    assertThat(searchStatus).isEqualTo(503);
    assertThat(stack.consumptionEnabled("embedder")).isTrue();
  }

  /** The read path while the circuit is open: 503 with Retry-After at once, no request to the GPU. */
  private int searchDuringOutage() throws Exception {
    int before = gpu.count();
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(stack.baseUrl() + "/corpora/outage/search"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"anything\",\"top_k\":3}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(gpu.count()).as("search did not call the GPU").isEqualTo(before);
    return response.statusCode();
  }

  @Test
  @Order(2)
  void poisonInputs_endFailed_withTheirStageAndErrorCode_andNothingStaysActive() {
    byte[] oversized = ("<html><body><p>" + "too much text ".repeat(10_000) + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("not found", pages.url("/poison/missing"));
    urls.put("unfetchable", "http://127.0.0.1:" + FreePort.pick() + "/nothing-listens-here");
    urls.put("empty page", pages.add("/poison/empty", "<html><head><title>x</title></head><body></body></html>"));
    urls.put("binary", pages.add("/poison/binary", "application/octet-stream", new byte[] {0, 1, 2, 3, (byte) 0xff}));
    urls.put("over the size cap", pages.add("/poison/big", "text/html", oversized));
    urls.put("times out", pages.addSlow("/poison/slow", "text/html", html("/poison/slow").getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10), 100));
    Map<String, String> jobs = new LinkedHashMap<>();
    urls.forEach((name, url) -> jobs.put(name, client.submit(url, "poison")));

    jobs.values().forEach(id -> client.awaitEnded(id, JOBS_TIMEOUT));

    Map<String, String> outcomes = FaultCounts.errorCodes(client, jobs);
    FaultCounts counts = FaultCounts.of(stack, client, List.copyOf(jobs.values()));
    counts.print("poison", outcomes.toString());
    assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(
        "not found", "failed/scraping/http_404",
        "unfetchable", "failed/scraping/connection_failed",
        "empty page", "failed/scraping/empty_content",
        "binary", "failed/scraping/unsupported_content_type",
        "over the size cap", "failed/scraping/too_large",
        "times out", "failed/scraping/timeout"));
    assertThat(counts.active()).isZero();
    assertThat(stack.runScanner()).as("the scanner finds nothing left").containsEntry("stuck", 0);
    // The two transient failures failed their jobs on their last receive, then went to the DLQ, as SQS moves them.
    Await.until("the transient failures' messages in the scrape DLQ", WAIT,
        () -> FaultCounts.dlqDepth(stack), n -> n == 2);
    stack.aws().sqs().purgeQueue(b -> b.queueUrl(stack.resources().dlqUrls().get("scrape")));
  }

  @Test
  @Order(3)
  void lostMessages_areRequeuedByTheScanner_andOneThatKeepsGettingLostEndsStuck() {
    String scrapeQueue = stack.resources().queueUrls().get("scrape");
    String mapping = mappingOf(scrapeQueue);
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(false));
    String once = client.submit(serve("/lost/once"), "lost");
    String always = client.submit(serve("/lost/always"), "lost");
    loseMessageOf(scrapeQueue, once);
    loseMessageOf(scrapeQueue, always);

    // Past the threshold, one scanner run finds both and requeues them; the first one's requeue gets through.
    clock.advance(Duration.ofMinutes(31));
    Map<String, Integer> first = stack.runScanner();
    loseMessageOf(scrapeQueue, always);
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(true));
    JsonNode recovered = client.awaitEnded(once, JOBS_TIMEOUT);
    // The other keeps getting lost: requeued up to STUCK_MAX_REQUEUES (3) times, then failed as stuck.
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(false));
    for (int run = 2; run <= 3; run++) {
      clock.advance(Duration.ofMinutes(31));
      assertThat(stack.runScanner()).as("run %d", run).containsEntry("stuck", 1).containsEntry("requeued", 1);
      loseMessageOf(scrapeQueue, always);
    }
    clock.advance(Duration.ofMinutes(31));
    Map<String, Integer> last = stack.runScanner();
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(true));

    JsonNode stuck = client.job(always);
    FaultCounts counts = FaultCounts.of(stack, client, List.of(once, always));
    counts.print("lost-messages", "first_scan=" + first + " last_scan=" + last);
    assertThat(first).containsEntry("stuck", 2).containsEntry("requeued", 2);
    assertThat(recovered.path("status").asText()).isEqualTo("done");
    assertThat(last).containsEntry("stuck", 1).containsEntry("failed", 1).containsEntry("requeued", 0);
    assertThat(stuck.path("status").asText()).isEqualTo("failed");
    assertThat(stuck.path("failed_stage").asText()).isEqualTo("scraping");
    assertThat(stuck.path("error_code").asText()).isEqualTo("stuck");
    assertThat(counts.active()).isZero();
  }

  @Test
  @Order(4)
  void gpuThrottlingAndSlowAnswers_jobsComplete_retriesObeyTheBackoff_noInvocationOverruns() {
    gpu.mode(Mode.UP);
    gpu.reset();
    long timeoutsBefore = stack.pollerStats("embedder").timeouts();
    List<List<FaultyEmbeddingFault>> scripts = List.of(
        List.of(FaultyEmbeddingFault.throttle(1)),                      // retried in the function after 1 s
        List.of(FaultyEmbeddingFault.throttle(null)),                   // retried after a jittered backoff
        List.of(FaultyEmbeddingFault.delay(Duration.ofMillis(1000))),   // slow, well inside EMBEDDING_TIMEOUT_MS (2 s)
        // One failure among the environments' recent calls stays under the breaker's 50%; two in a row would open it.
        List.of(FaultyEmbeddingFault.status(503)),                      // the second try answers
        List.of(FaultyEmbeddingFault.throttle(5)));                     // too long to wait: a visibility delay of 5 s
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < scripts.size(); i++) {
      // One job at a time, so each request in the GPU's log belongs to the job under test.
      gpu.script(scripts.get(i).toArray(FaultyEmbeddingFault[]::new));
      String id = client.submit(serve("/throttle/" + i), "throttle");
      jobs.add(id);
      client.awaitEnded(id, JOBS_TIMEOUT);
    }

    List<LoggedRequest> log = gpu.requests();
    List<Long> waitsAfterRetryAfter = new ArrayList<>();
    for (int i = 0; i + 1 < log.size(); i++) {
      LoggedRequest r = log.get(i);
      if (r.status() == 429 && r.fault() instanceof FaultyEmbeddingFault.Throttle t && t.retryAfterSeconds() != null) {
        long waited = (log.get(i + 1).receivedNanos() - r.receivedNanos()) / 1_000_000;
        waitsAfterRetryAfter.add(waited);
        assertThat(waited).as("request after a 429 with Retry-After %d", t.retryAfterSeconds())
            .isGreaterThanOrEqualTo(t.retryAfterSeconds() * 1000L);
      }
    }
    PollerStats embedder = stack.pollerStats("embedder");
    FaultCounts counts = FaultCounts.of(stack, client, jobs);
    counts.print("gpu-throttling", String.format("gpu_requests=%d waits_after_retry_after_ms=%s embedder_timeouts=%d "
        + "max_invocation_ms=%d", log.size(), waitsAfterRetryAfter, embedder.timeouts() - timeoutsBefore,
        embedder.maxInvocationMillis()));
    assertThat(counts.done()).isEqualTo(scripts.size());
    assertThat(waitsAfterRetryAfter).hasSize(2);
    // Four failed answers (two 429s with Retry-After, one without, one 503), then one success per job; the slow
    // answer is its job's success.
    assertThat(log).as("requests").hasSize(4 + scripts.size());
    // Retries are cut to the time the invocation has left, so none ran into the function's timeout.
    assertThat(embedder.timeouts() - timeoutsBefore).isZero();
    assertThat(breaker.read().state()).as("throttling never opens the circuit").isEqualTo(State.CLOSED);
  }

  @Test
  @Order(5)
  void lambdaTimeoutMidBatch_recordsAreRedelivered_andNothingIsLost() {
    String scrapeQueue = stack.resources().queueUrls().get("scrape");
    String mapping = mappingOf(scrapeQueue);
    long timeoutsBefore = stack.pollerStats("scraper").timeouts();
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(false));
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // Each page answers its first request after 1.9 s: five in one batch need 9.5 s of a 4 s function.
      String url = pages.addSlow("/slow-batch/" + i, "text/html", html("/slow-batch/" + i).getBytes(StandardCharsets.UTF_8),
          Duration.ofMillis(1900), 1);
      jobs.add(client.submit(url, "timeouts"));
    }
    Await.until("five messages waiting", WAIT, () -> visible(scrapeQueue), n -> n >= 5);
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(true));

    jobs.forEach(id -> client.awaitEnded(id, JOBS_TIMEOUT));

    long timeouts = stack.pollerStats("scraper").timeouts() - timeoutsBefore;
    FaultCounts counts = FaultCounts.of(stack, client, jobs);
    counts.print("lambda-timeout", "scraper_timeouts=" + timeouts);
    assertThat(timeouts).as("the poller killed at least one invocation").isPositive();
    assertThat(counts.done()).isEqualTo(5);
    assertThat(counts.dlq()).isZero();
  }

  private static String html(String path) {
    String words = path.replaceAll("[^a-z0-9]+", " ").trim();
    return "<html><head><title>" + words + "</title></head><body><main><h1>" + words + "</h1><p>This page about "
        + words + " is short, distinct and real enough to be scraped, chunked and embedded.</p></main></body></html>";
  }

  /** A page served at {@code path}; its URL. */
  private String serve(String path) {
    return pages.add(path, html(path));
  }

  private String mappingOf(String queueUrl) {
    String arn = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    return lambda.listEventSourceMappings(b -> b.eventSourceArn(arn)).eventSourceMappings().get(0).uuid();
  }

  /**
   * Receives and deletes the message of {@code jobId} (what a message lost in transit looks like to the pipeline);
   * other messages received meanwhile are made visible again at once.
   */
  private void loseMessageOf(String queueUrl, String jobId) {
    Await.until("the message of job " + jobId + " to lose", WAIT, () -> {
      boolean lost = false;
      for (Message m : stack.aws().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
        if (m.body().contains(jobId)) {
          stack.aws().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
          lost = true;
        } else {
          stack.aws().sqs().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
      }
      return lost;
    }, lost -> lost);
  }

  /** Messages in a stage's queue, visible or in flight. */
  private long inQueue(String stage) {
    return FaultCounts.depth(stack, stack.resources().queueUrls().get(stage));
  }

  private long visible(String queueUrl) {
    return Long.parseLong(stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }
}
