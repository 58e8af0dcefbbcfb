package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FaultyEmbeddingFault;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.SettableClock;
import io.docpipe.shared.Env;
import io.docpipe.shared.Job;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.SqsQueueDepths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A backlog is not a stuck job: thousands of embed parts wait behind a slow inference server while the scanner runs
 * every "31 minutes" of the stack's clock, and not one job is requeued or failed as stuck. The backlog is built as a GPU
 * outage leaves it: the embedder's event source mapping is off while 250 jobs are scraped and chunked into one-chunk
 * parts; the scanner's first run switches it back on (the circuit is closed), and the server answers each request after
 * a delay, so the parts drain for a minute or more while the scans go on (one per 100 parts stored).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacklogScannerTest {
  private static final int JOBS = 250;
  private static final int MIN_BACKLOG = 2_000;
  private static final int MAX_REQUEUES = 3;
  // A deadline, not a speed check: the drain takes about two minutes on a quiet machine and took over five beside
  // a soak with a load average of 30.
  private static final Duration WAIT = Duration.ofMinutes(10);

  private final SettableClock clock = new SettableClock();
  private FaultyEmbeddingServer gpu;
  private LocalStack stack;
  private PageServer pages;
  private StackClient client;
  private LambdaClient lambda;
  private SqsQueueDepths depths;
  private final List<Map<String, Integer>> scans = new ArrayList<>();
  private final List<Long> heldAtScan = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    gpu = FaultyEmbeddingServer.start(0, 384);
    Path state = Files.createDirectories(Path.of("target", "backlog-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of(
            // A part per sentence, ten a page: 250 jobs make 2,500 embed messages.
            "CHUNK_MAX_TOKENS", "16", "CHUNK_OVERLAP_TOKENS", "0", "CHUNKS_PER_PART", "1",
            "STUCK_AFTER_MINUTES", "30", "STUCK_MAX_REQUEUES", Integer.toString(MAX_REQUEUES)))
        .withEmbeddingBaseUrl(gpu.endpoint().toString())
        .withClock(clock));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
    AwsClients aws = new AwsClients(Env.of(stack.environment()));
    lambda = aws.lambda();
    depths = new SqsQueueDepths(aws.sqs());
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
    if (gpu != null) gpu.close();
  }

  @Test
  void backlogOfThousandsOfParts_behindASlowServer_noRequeue_noStuckJob_allDone() {
    String embedQueue = stack.resources().queueUrls().get("embed");
    String mapping = mappingOf(embedQueue);
    lambda.updateEventSourceMapping(b -> b.uuid(mapping).enabled(false));
    List<String> urls = IntStream.range(0, JOBS).mapToObj(i -> pages.add("/backlog/" + i, page(i))).toList();
    List<String> jobs = urls.parallelStream().map(url -> client.submit(url, "backlog")).toList();
    Await.until("every job scraped and chunked into the paused embed queue", WAIT,
        () -> held("scrape") + held("chunk") + stack.pollerStats("scraper").invocationsRunning()
            + stack.pollerStats("chunker").invocationsRunning(), n -> n == 0);
    long backlog = held("embed");
    // Every request (one a part) is answered late: the backlog drains for a minute or more.
    gpu.script(Collections.nCopies(backlog > 0 ? (int) backlog : 1, FaultyEmbeddingFault.delay(Duration.ofMillis(50)))
        .toArray(FaultyEmbeddingFault[]::new));

    // More runs than the requeue budget while the whole backlog waits, then one more for every 100 parts stored.
    for (int run = 0; run <= MAX_REQUEUES; run++) scan();
    Await.until("the backlog drained while the scanner ran every 31 simulated minutes", WAIT, () -> {
      long held = held("embed");
      if (held == 0 || held <= heldAtScan.getLast() - 100) scan();
      return held;
    }, n -> n == 0);
    jobs.forEach(id -> client.awaitEnded(id, WAIT));

    FaultCounts counts = FaultCounts.of(stack, client, jobs);
    DynamoJobStore store = new DynamoJobStore(stack.aws().dynamo(), stack.resources().jobsTable(), clock);
    List<Job> ended = jobs.stream().map(id -> store.find(id).orElseThrow()).toList();
    int requeued = scans.stream().mapToInt(s -> s.get("requeued")).sum();
    int waitingMost = scans.stream().mapToInt(s -> s.get("waiting_in_backlog")).max().orElse(0);
    counts.print("backlog", String.format("embed_parts=%d scans=%d requeued=%d max_waiting_in_backlog=%d gpu_requests=%d",
        backlog, scans.size(), requeued, waitingMost, gpu.countNonProbe()));
    assertThat(backlog).as("embed parts queued behind the paused embedder").isGreaterThanOrEqualTo(MIN_BACKLOG);
    assertThat(heldAtScan.subList(0, MAX_REQUEUES + 1)).as("more scans than requeues allowed, all with the whole backlog")
        .allMatch(n -> n >= MIN_BACKLOG);
    assertThat(scans).as("every scan").allSatisfy(s -> assertThat(s).containsEntry("requeued", 0).containsEntry("failed", 0)
        .containsEntry("stuck", 0));
    // The first scan's probe switches the embedder back on before the scan reads the stale jobs, so a few parts may
    // be stored first and refresh their jobs; nearly all must still have been seen waiting, none treated as stuck.
    assertThat(waitingMost).as("the stale jobs were seen waiting in the backlog").isBetween(JOBS * 9 / 10, JOBS);
    assertThat(ended).as("no job requeued").allSatisfy(j -> assertThat(j.requeues()).isZero());
    assertThat(counts.done()).isEqualTo(JOBS);
    assertThat(counts.dlq()).isZero();
  }

  private void scan() {
    heldAtScan.add(held("embed"));
    clock.advance(Duration.ofMinutes(31));
    scans.add(stack.runScanner());
  }

  private long held(String queue) {
    return depths.held(stack.resources().queueUrls().get(queue));
  }

  /** Ten short sentences (about a dozen tokens each, so one chunk each), distinct per page. */
  private static String page(int i) {
    StringBuilder body = new StringBuilder();
    for (int s = 0; s < 10; s++) {
      body.append("<p>Page ").append(i).append(" line ").append(s).append(" waits behind a slow server.</p>");
    }
    return "<html><head><title>backlog " + i + "</title></head><body><main>" + body + "</main></body></html>";
  }

  private String mappingOf(String queueUrl) {
    String arn = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    return lambda.listEventSourceMappings(b -> b.eventSourceArn(arn)).eventSourceMappings().get(0).uuid();
  }
}
