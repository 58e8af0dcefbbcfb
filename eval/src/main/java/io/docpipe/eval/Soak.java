package io.docpipe.eval;

import io.docpipe.local.servers.EmbeddingServer;
import io.docpipe.local.stack.FaultPlan;
import io.docpipe.local.stack.LocalStack;
import io.docpipe.local.stack.LocalStackOptions;
import io.docpipe.local.stack.PollerStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One soak: the dataset's documents served as pages and ingested as real jobs through a local stack whose stage
 * invocations crash at random mid-batch, while searchers query the growing corpus without pause and the embedding
 * server goes away for a while part-way through (the circuit breaker opens; nothing but the pipeline itself brings the
 * work back). Then it waits for the stage queues to drain and checks, from the jobs table, the vector table and the
 * DLQs, that nothing was lost or done twice ({@link SoakChecks}).
 */
final class Soak {
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

  private final SoakOptions options;
  private final PrintStream out;
  private final boolean terminal;

  Soak(SoakOptions options, PrintStream out, boolean terminal) {
    this.options = options;
    this.out = out;
    this.terminal = terminal;
  }

  SoakReport run() throws Exception {
    BeirDataset dataset = BeirDataset.load(options.data(), anyQrels(options.data()));
    List<BeirDataset.Document> documents = documents(dataset.corpus(), options.jobs());
    List<String> queries = List.copyOf(dataset.queries().values());
    String corpus = "soak-" + Long.toString(System.currentTimeMillis(), 36);
    out.printf("soak: %d jobs from %s, %d searchers, %d%% of invocations crashing, %s outage (%s) after %.0f%% of the jobs;"
        + " corpus %s, stack state in %s%n", documents.size(), options.data(), options.searchers(), options.crashPercent(),
        clock(options.outage()), options.outageMode(), options.outageAfterFraction() * 100, corpus, options.stateDir());

    Map<String, Object> settings = settings(corpus, documents.size());
    try (EmbeddingServer model = EmbeddingServer.builder().start();
        EmbeddingOutage gpu = new EmbeddingOutage(model.endpoint(), options.outageMode().equals("refuse"));
        LocalStack stack = LocalStack.start(stackOptions(gpu));
        DocumentSite site = new DocumentSite(documents, 0)) {
      Map<String, String> env = stack.environment();
      ApiClient api = new ApiClient(stack.baseUrl(), null);
      OutagePlan outage = new OutagePlan(gpu, documents.size(), () -> api.getText("/_local/metrics"));
      Ingestion.Result result;
      Map<String, Object> searches;
      Map<String, Map<String, Double>> depths;
      Map<String, Double> ages;
      boolean breakerOpened;
      try (SoakSampler sampler = new SoakSampler(stack.aws().dynamo(), env.get("JOBS_TABLE"),
              () -> api.getText("/_local/metrics"), Clock.systemUTC(), SAMPLE_EVERY);
          QueueSampler queues = new QueueSampler(stack.aws().sqs(), stack.resources().queueUrls());
          SoakSearchers searchers = new SoakSearchers(api, corpus, queries, options.searchers(), options.searchPause())) {
        out.printf("submitting the jobs, %d in flight at most; the progress line follows the first round%n", options.inFlight());
        try {
          result = new Ingestion(api, JobStates.table(stack.aws().dynamo(), env.get("JOBS_TABLE")), site, corpus,
              options.inFlight(), options.timeout())
              .run(documents, new Progress(out, "soak", documents.size(), terminal));
        } finally {
          searchers.close(); // searches are measured during ingestion only
          outage.close();
        }
        searches = searchers.summary();
        depths = queues.depths();
        ages = sampler.maxAgeSeconds();
        breakerOpened = sampler.breakerOpened();
      }
      double drainSeconds = drain(stack);

      Map<String, String> urlByJob = new LinkedHashMap<>();
      result.jobIds().forEach((doc, job) -> urlByJob.put(job, site.url(doc)));
      Map<String, Object> numbers = new LinkedHashMap<>();
      SoakChecks checks = new SoakChecks(stack.aws().dynamo(), env.get("JOBS_TABLE"), env.get("VECTOR_DB_URL"),
          env.get("VECTOR_DB_USER"), env.getOrDefault("VECTOR_DB_PASSWORD", ""), stack.aws().sqs(),
          stack.resources().dlqUrls());
      List<SoakChecks.Check> verdict = new ArrayList<>(checks.run(corpus, urlByJob, result.unfinished(), numbers));
      verdict.add(new SoakChecks.Check("searches answered", searchesAnswered(searches),
          "errors other than the API's 503/429 refusals: " + searches.get("errors")));
      String metrics = api.getText("/_local/metrics");

      SoakReport report = new SoakReport(settings, verdict);
      report.put("ingestion", ingestion(result));
      report.put("search_during_ingestion", searches);
      Map<String, Object> queueNumbers = new LinkedHashMap<>();
      queueNumbers.put("largest_queue_age_seconds", Evaluation.round(ages.values().stream().mapToDouble(Double::doubleValue)
          .max().orElse(0)));
      queueNumbers.put("largest_wait_without_progress_by_status_seconds", ages);
      queueNumbers.put("depth", depths);
      queueNumbers.put("drain_seconds_after_last_job", Evaluation.round(drainSeconds));
      report.put("queues", queueNumbers);
      report.put("scanner", Map.of("requeues", (long) sum(metrics, "jobs_requeued_total"),
          "interval_seconds", options.scannerInterval().toSeconds()));
      report.put("outage", outage.summary(breakerOpened, sum(metrics, "embedding_inference_errors_total")));
      report.put("faults", faults(stack));
      report.put("verification", numbers);
      return report;
    }
  }

  private static boolean searchesAnswered(Map<String, Object> searches) {
    return searches.get("errors") instanceof Map<?, ?> errors && errors.isEmpty();
  }

  private LocalStackOptions stackOptions(EmbeddingOutage gpu) {
    LocalStackOptions o = LocalStackOptions.forTests(options.stateDir(), options.stackEnv())
        .withEmbeddingBaseUrl(gpu.endpoint().toString())
        .withScannerInterval(options.scannerInterval())
        .withFaults(new FaultPlan(options.crashPercent() / 100.0, options.duplicatePercent() / 100.0, options.seed()));
    return options.visibilityTimeoutSeconds() > 0 ? o.withVisibilityTimeout(options.visibilityTimeoutSeconds()) : o;
  }

  /**
   * Waits until no stage queue holds a message (visible or in flight): a crashed batch of jobs already done is still
   * received again, and could still end in a DLQ, after the last job ended. Gives up after an hour.
   */
  private double drain(LocalStack stack) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofHours(1).toNanos();
    out.println("waiting for the stage queues to drain (a crashed batch comes back after its visibility timeout)");
    while (System.nanoTime() < deadline) {
      long left = 0;
      for (String url : stack.resources().queueUrls().values()) {
        Map<QueueAttributeName, String> a = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        for (String v : a.values()) left += Long.parseLong(v);
      }
      if (left == 0) break;
      Thread.sleep(2_000);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private Map<String, Object> settings(String corpus, int jobs) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("data", options.data().toString());
    s.put("corpus", corpus);
    s.put("jobs", jobs);
    s.put("searchers", options.searchers());
    s.put("search_pause_ms", options.searchPause().toMillis());
    s.put("crash_percent", options.crashPercent());
    s.put("duplicate_percent", options.duplicatePercent());
    s.put("outage_seconds", options.outage().toMillis() / 1000.0);
    s.put("outage_mode", options.outageMode());
    s.put("outage_after_fraction", options.outageAfterFraction());
    s.put("in_flight", options.inFlight());
    s.put("visibility_timeout_seconds", options.visibilityTimeoutSeconds() == 0 ? "template" : options.visibilityTimeoutSeconds());
    s.put("stack_env", options.stackEnv());
    return s;
  }

  private static Map<String, Object> ingestion(Ingestion.Result result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobs", result.documents());
    m.put("done", result.done());
    m.put("failed", result.failed());
    m.put("unfinished", result.unfinished());
    m.put("seconds", Evaluation.round(result.seconds()));
    m.put("jobs_per_minute", Evaluation.round(result.done() * 60 / result.seconds()));
    m.put("error_codes", result.errorCodes());
    return m;
  }

  private static Map<String, Object> faults(LocalStack stack) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String function : List.of("scraper", "chunker", "embedder")) {
      PollerStats s = stack.pollerStats(function);
      m.put(function, Map.of("invocations", s.invocations(), "crashes", s.crashesInjected(),
          "duplicates", s.duplicatesInjected()));
    }
    return m;
  }

  private static double sum(String metrics, String name) {
    return PrometheusText.values(metrics, name).stream().mapToDouble(Double::doubleValue).sum();
  }

  /** The first {@code count} documents; past the dataset's end, its documents again under new ids (so new URLs). */
  static List<BeirDataset.Document> documents(List<BeirDataset.Document> corpus, int count) {
    List<BeirDataset.Document> picked = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BeirDataset.Document d = corpus.get(i % corpus.size());
      int round = i / corpus.size();
      picked.add(round == 0 ? d : new BeirDataset.Document(d.id() + "~" + round, d.title(), d.text()));
    }
    return picked;
  }

  /** Any qrels file of the dataset: the soak needs its corpus and queries only. */
  private static Path anyQrels(Path data) throws IOException {
    Path dir = data.resolve("qrels");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        Path first = files.filter(p -> p.toString().endsWith(".tsv")).sorted().findFirst().orElse(null);
        if (first != null) return first;
      }
    }
    throw new IllegalArgumentException(data + " has no qrels/*.tsv (BEIR layout)");
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format("%d:%02d", s / 60, s % 60);
  }

  /**
   * The outage: started once the given fraction of the jobs has ended, ended by a timer; it also notes when the first
   * job finished after it (the pipeline's own recovery). It counts ended jobs from the stack's own metrics
   * ({@code jobs_completed_total} and {@code jobs_failed_total}, less what they held at the start) every two seconds,
   * not from the ingestion's rounds: those wait until the whole window of jobs has been submitted.
   */
  private final class OutagePlan implements AutoCloseable {
    private final EmbeddingOutage gpu;
    private final int startAt;
    private final Supplier<String> metrics;
    private final double[] baseline;
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("soak-outage").daemon().factory());
    private final long t0 = System.nanoTime();
    private volatile long startedNanos = -1;
    private volatile long endedNanos = -1;
    private volatile int doneAtEnd = -1;
    private volatile long recoveredNanos = -1;
    private volatile int doneAtStart;

    OutagePlan(EmbeddingOutage gpu, int jobs, Supplier<String> metrics) {
      this.gpu = gpu;
      this.startAt = (int) Math.ceil(options.outageAfterFraction() * jobs);
      this.metrics = metrics;
      this.baseline = ended(metrics.get());
      if (options.outage().isPositive()) timer.scheduleWithFixedDelay(this::watch, 2, 2, TimeUnit.SECONDS);
    }

    private static double[] ended(String text) {
      return new double[] {sum(text, "jobs_completed_total"), sum(text, "jobs_failed_total")};
    }

    private void watch() {
      try {
        double[] now = ended(metrics.get());
        update((int) (now[0] - baseline[0]), (int) (now[1] - baseline[1]));
      } catch (RuntimeException e) {
        // a missed look is no loss: the next one comes in two seconds
      }
    }

    private void update(int done, int failed) {
      if (startedNanos < 0 && done + failed >= startAt) {
        startedNanos = System.nanoTime();
        doneAtStart = done;
        gpu.down();
        out.printf("%noutage: the embedding server is %s for %s (%d jobs ended)%n",
            options.outageMode().equals("refuse") ? "unreachable" : "answering 503", clock(options.outage()), done + failed);
        timer.schedule(this::end, options.outage().toMillis(), TimeUnit.MILLISECONDS);
      }
      if (endedNanos >= 0 && doneAtEnd < 0) {
        doneAtEnd = done;
      } else if (doneAtEnd >= 0 && recoveredNanos < 0 && done > doneAtEnd) {
        recoveredNanos = System.nanoTime();
      }
    }

    private void end() {
      gpu.up();
      endedNanos = System.nanoTime();
      out.printf("%noutage over: the embedding server answers again (%d requests refused meanwhile)%n", gpu.refused());
    }

    Map<String, Object> summary(boolean breakerOpened, double inferenceErrors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("started_after_seconds", startedNanos < 0 ? null : Evaluation.round((startedNanos - t0) / 1e9));
      m.put("lasted_seconds", endedNanos < 0 || startedNanos < 0 ? null : Evaluation.round((endedNanos - startedNanos) / 1e9));
      m.put("jobs_done_when_it_started", doneAtStart);
      m.put("requests_refused_503", gpu.refused());
      m.put("requests_forwarded", gpu.forwarded());
      m.put("embedding_inference_errors", (long) inferenceErrors);
      m.put("circuit_breaker_seen_open", breakerOpened);
      m.put("first_job_done_after_it_seconds", recoveredNanos < 0 ? null : Evaluation.round((recoveredNanos - endedNanos) / 1e9));
      return m;
    }

    /** Ends an outage still running (the ingestion timed out or failed) so nothing stays down. */
    @Override
    public void close() {
      timer.shutdownNow();
      if (gpu.isDown()) end();
    }
  }
}
