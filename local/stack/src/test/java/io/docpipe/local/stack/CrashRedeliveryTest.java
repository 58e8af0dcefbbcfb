package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.shared.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Nothing done twice, nothing lost (every job done, every chunk stored once, nothing needed left in a DLQ): 20% of stage invocations crash part-way through their batch (the records already
 * processed come back too) and 10% of messages are delivered twice, for 100 jobs of several parts each. Then the
 * same URLs are ingested again with other text. The vector table must hold exactly each job's chunks: no duplicate,
 * none missing, no leftover of the older text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRedeliveryTest {
  // 100 jobs still make hundreds of invocations, a fifth of them crashing (one run on a loaded machine: 414 and 91,
  // with 315 duplicate deliveries), so every stage crashes before, between and after its batch's records many times. Thousands of jobs are `make soak`'s; 200 here only
  // doubled `make test`'s longest class (docs/decisions/0006).
  private static final int JOBS = 100;
  private static final int REINGESTED = 10;
  private static final Duration JOBS_TIMEOUT = Duration.ofMinutes(5);
  /** Its own corpus per run: the stack's database outlives a run under target/. */
  private static final String CORPUS = "crashes-" + Long.toHexString(System.nanoTime());

  private FaultyEmbeddingServer gpu;
  private LocalStack stack;
  private PageServer pages;
  private StackClient client;
  /** The telemetry SDK worker threads alive before this test's stack: environments of earlier classes in this JVM. */
  private Set<Thread> workersBefore;
  private Set<Thread> schedulersBefore;

  @BeforeAll
  void start() throws Exception {
    workersBefore = sdkWorkers();
    schedulersBefore = awsSchedulers();
    // The fault-injecting server answering normally: deterministic vectors, fast, so 200 jobs take seconds of GPU.
    gpu = FaultyEmbeddingServer.start(0, 384);
    Path state = Files.createDirectories(Path.of("target", "crash-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of("CHUNK_MAX_TOKENS", "64",
            "CHUNK_OVERLAP_TOKENS", "8", "CHUNKS_PER_PART", "2"))
        .withEmbeddingBaseUrl(gpu.endpoint().toString())
        .withVisibilityTimeout(2)
        .withFaults(new FaultPlan(0.2, 0.1, 20261122L)));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
    if (gpu != null) gpu.close();
  }

  @Test
  void crashesAndDuplicates_everyJobDone_andTheVectorTableHoldsExactlyTheExpectedRows() throws SQLException {
    Map<String, String> urls = new LinkedHashMap<>();
    List<String> jobs = ingest(JOBS, "first", urls);
    FaultCounts first = FaultCounts.of(stack, client, jobs);
    Map<String, Integer> expected = expectedChunks(jobs, urls);

    // Re-ingest some URLs with shorter text: their rows are replaced, with no leftovers of the first version.
    List<String> again = ingest(REINGESTED, "second", urls);
    FaultCounts second = FaultCounts.of(stack, client, again);
    expected.putAll(expectedChunks(again, urls));

    Map<String, Integer> stored = storedChunksByUrl();
    Map<String, Integer> distinct = distinctChunksByUrl();
    PollerStats scraper = stack.pollerStats("scraper");
    PollerStats chunker = stack.pollerStats("chunker");
    PollerStats embedder = stack.pollerStats("embedder");
    long crashes = scraper.crashesInjected() + chunker.crashesInjected() + embedder.crashesInjected();
    long duplicates = scraper.duplicatesInjected() + chunker.duplicatesInjected() + embedder.duplicatesInjected();
    long invocations = scraper.invocations() + chunker.invocations() + embedder.invocations();
    int expectedRows = expected.values().stream().mapToInt(Integer::intValue).sum();
    int storedRows = stored.values().stream().mapToInt(Integer::intValue).sum();
    first.print("crashes", String.format("invocations=%d crashes=%d duplicates=%d expected_rows=%d stored_rows=%d",
        invocations, crashes, duplicates, expectedRows, storedRows));
    second.print("re-ingested", "urls=" + REINGESTED);

    assertThat(first.done()).isEqualTo(JOBS);
    assertThat(second.done()).isEqualTo(REINGESTED);
    assertThat(crashes).as("crashes injected").isGreaterThan(invocations / 10);
    assertThat(duplicates).as("duplicates injected").isPositive();
    assertThat(stored).as("rows per URL: exactly the last ingestion's chunks").isEqualTo(expected);
    assertThat(distinct).as("no duplicate chunk ids").isEqualTo(stored);
    // A record whose invocations crashed on each of its five receives goes to the DLQ even when its work was done
    // on one of them (a crash after the work): whatever the DLQ holds must belong to a job that is done.
    assertThat(dlqJobStatuses()).as("status of each DLQ message's job").allMatch("done"::equals);
    // Every crash replaced an environment: the replaced ones are closed, so their SDK threads do not pile up (a full
    // soak grew 20,000 threads). What stays is one per environment alive, far fewer than the crashes.
    Await.until("the replaced environments' telemetry threads to end", Duration.ofSeconds(60), () -> {
      Set<Thread> alive = sdkWorkers();
      alive.removeAll(workersBefore);
      return alive.size();
    }, n -> n < crashes);
    // Their AWS clients too: each keeps a call-timeout scheduler of up to five threads (a soak grew 3,000 in five
    // minutes). The environments alive hold at most 5 per client; every replaced one held 10-15.
    Await.until("the replaced environments' AWS SDK threads to end", Duration.ofSeconds(60), () -> {
      Set<Thread> alive = awsSchedulers();
      alive.removeAll(schedulersBefore);
      return alive.size();
    }, n -> n < 2 * crashes);
  }

  /** One per telemetry SDK: its batch span processor's worker. */
  private static Set<Thread> sdkWorkers() {
    return threadsNamed("BatchSpanProcessor_WorkerThread");
  }

  /** Up to five per AWS SDK client: its call-timeout scheduler. */
  private static Set<Thread> awsSchedulers() {
    return threadsNamed("sdk-ScheduledExecutor");
  }

  private static Set<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Serves documents /doc/0.. in this version, submits them all, waits for every job; records each job's URL. */
  private List<String> ingest(int count, String version, Map<String, String> urls) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String url = pages.add("/doc/" + i, page(i, version));
      String id = client.submit(url, CORPUS);
      urls.put(id, url);
      jobs.add(id);
    }
    jobs.forEach(id -> client.awaitEnded(id, JOBS_TIMEOUT));
    return jobs;
  }

  private List<String> dlqJobStatuses() {
    List<String> statuses = new ArrayList<>();
    for (String url : stack.resources().dlqUrls().values()) {
      for (Message m : stack.aws().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()) {
        String jobId = Json.read(m.body(), JsonNode.class).path("job_id").asText();
        statuses.add(client.job(jobId).path("status").asText());
      }
    }
    System.out.println("[crashes] DLQ messages' jobs: " + statuses);
    return statuses;
  }

  /** chunk_count of each job, by its URL. */
  private Map<String, Integer> expectedChunks(List<String> jobs, Map<String, String> urls) {
    Map<String, Integer> expected = new HashMap<>();
    for (String id : jobs) expected.put(urls.get(id), client.job(id).path("chunk_count").asInt(-1));
    return expected;
  }

  private Map<String, Integer> storedChunksByUrl() throws SQLException {
    return StoredChunks.rowsByUrl(stack, CORPUS);
  }

  private Map<String, Integer> distinctChunksByUrl() throws SQLException {
    return StoredChunks.distinctIndexesByUrl(stack, CORPUS);
  }

  /** A page of several chunks (64 tokens each), different per document and per version. */
  private static String page(int i, String version) {
    StringBuilder text = new StringBuilder();
    int sentences = version.equals("first") ? 12 + i % 5 : 4 + i % 3;
    for (int s = 0; s < sentences; s++) {
      text.append("<p>Document ").append(i).append(" in its ").append(version).append(" version, sentence ").append(s)
          .append(", describes how queues, retries and idempotent writes keep a pipeline honest when workers crash.</p>");
    }
    return "<html><head><title>Document " + i + "</title></head><body><main>" + text + "</main></body></html>";
  }
}
