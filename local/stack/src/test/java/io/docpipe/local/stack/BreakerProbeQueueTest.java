package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.FaultyEmbeddingServer.Mode;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.BreakerStore.State;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inference circuit is probed when its open period ends, not when the scanner next runs: the opening sends a
 * delayed message on the probe queue, and a failed probe sends the next. The scanner's schedule is an hour here, so
 * it never runs; SQS delays are real time, hence a real clock and a 3-second open period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BreakerProbeQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

  private FaultyEmbeddingServer gpu;
  private LocalStack stack;
  private PageServer pages;
  private StackClient client;
  private BreakerStore breaker;

  @BeforeAll
  void start() throws Exception {
    gpu = FaultyEmbeddingServer.start(0, 384);
    Path state = Files.createDirectories(Path.of("target", "probe-queue-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of("EMBEDDING_TIMEOUT_MS", "2000",
            "EMBED_RETRY_MAX_ATTEMPTS", "2", "EMBED_RETRY_BASE_MS", "100", "EMBED_RETRY_MAX_MS", "500",
            "BREAKER_MIN_CALLS", "3", "BREAKER_OPEN_SECONDS", "3"))
        .withEmbeddingBaseUrl(gpu.endpoint().toString())
        .withScannerInterval(Duration.ofHours(1)));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
    breaker = new DynamoBreakerStore(new AwsClients(Env.of(stack.environment())).dynamo(), stack.resources().jobsTable());
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
    if (gpu != null) gpu.close();
  }

  @Test
  @Order(1)
  void gpuBackBeforeTheOpenPeriodEnds_theTimedProbeClosesTheCircuit_withoutTheScanner() {
    gpu.mode(Mode.UNAVAILABLE);
    gpu.reset();
    List<String> jobs = submit("first", 6);
    awaitOpen();

    gpu.mode(Mode.UP);
    jobs.forEach(id -> assertThat(client.awaitEnded(id, JOB_TIMEOUT).path("status").asText()).as(id).isEqualTo("done"));

    assertThat(breaker.read().state()).isEqualTo(State.CLOSED);
    assertThat(stack.consumptionEnabled("embedder")).isTrue();
    assertThat(gpu.countProbes()).as("probes").isGreaterThanOrEqualTo(1);
    assertThat(stack.pollerStats("breaker-probe").invocations()).as("probe invocations").isGreaterThanOrEqualTo(1);
    assertThat(stack.scannerRuns()).as("scanner runs").isZero();
    assertThat(FaultCounts.dlqDepth(stack)).isZero();
  }

  @Test
  @Order(2)
  void aFailedProbe_schedulesTheNext_whichClosesTheCircuitOnceTheGpuIsBack() {
    gpu.mode(Mode.UNAVAILABLE);
    gpu.reset();
    List<String> jobs = submit("second", 6);
    BreakerStore.Breaker opened = awaitOpen();

    Await.until("the first probe to fail", WAIT, gpu::countProbes, n -> n >= 1);
    BreakerStore.Breaker reopened = Await.until("the circuit to open again after the failed probe", WAIT,
        breaker::read, b -> b.state() == State.OPEN && b.since().isAfter(opened.since()));
    assertThat(reopened.generation()).as("the same opening, probed again").isEqualTo(opened.generation());
    gpu.mode(Mode.UP);
    jobs.forEach(id -> assertThat(client.awaitEnded(id, JOB_TIMEOUT).path("status").asText()).as(id).isEqualTo("done"));

    assertThat(breaker.read().state()).isEqualTo(State.CLOSED);
    assertThat(stack.consumptionEnabled("embedder")).isTrue();
    assertThat(gpu.countProbes()).as("a failed probe, then one that answered").isGreaterThanOrEqualTo(2);
    assertThat(stack.scannerRuns()).as("scanner runs").isZero();
    assertThat(FaultCounts.dlqDepth(stack)).isZero();
  }

  private List<String> submit(String name, int count) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = "/" + name + "/" + i;
      String words = name + " page " + i;
      jobs.add(client.submit(pages.add(path, "<html><head><title>" + words + "</title></head><body><main><p>This page "
          + "about " + words + " is short and real enough to be scraped, chunked and embedded.</p></main></body></html>"),
          "probe-" + name));
    }
    return jobs;
  }

  private BreakerStore.Breaker awaitOpen() {
    return Await.until("the circuit to open and the embedder to stop consuming", WAIT,
        () -> stack.consumptionEnabled("embedder") ? null : breaker.read(), b -> b != null && b.state() == State.OPEN);
  }
}
