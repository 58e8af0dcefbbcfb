package io.docpipe.eval;

import io.docpipe.local.stack.LocalStack;
import io.docpipe.local.stack.LocalStackOptions;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.OpenAiEmbeddingClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evaluation: the dataset's documents ingested through the stack's public API (unless the corpus already holds
 * them and reuse was asked for), every judged query searched in each mode, and the two references computed beside
 * them from the same data: exact dense (the same embedding server, whole documents, brute force) and BM25.
 */
final class Evaluation {
  static final List<String> MODES = List.of("vector", "keyword", "hybrid");

  private final EvalOptions options;
  private final PrintStream out;
  private final boolean terminal;

  Evaluation(EvalOptions options, PrintStream out, boolean terminal) {
    this.options = options;
    this.out = out;
    this.terminal = terminal;
  }

  EvalReport run() throws Exception {
    BeirDataset dataset = BeirDataset.load(options.data(), options.qrels());
    if (options.limit() < dataset.corpus().size()) dataset = dataset.slice(options.limit());
    List<Map.Entry<String, String>> queries = dataset.judgedQueries();
    out.printf("dataset %s: %d documents, %d judged queries (%s)%n", options.data(), dataset.corpus().size(), queries.size(),
        options.qrels().getFileName());
    try (Stack stack = Stack.open(options, out); DocumentSite site = new DocumentSite(dataset.corpus(), 0)) {
      ApiClient api = new ApiClient(stack.baseUrl(), options.token());
      EmbeddingConfig embeddingConfig = new EmbeddingConfig(URI.create(stack.embeddingUrl()), stack.model(), stack.dimension(),
          Duration.ofMinutes(5), 32, 16_384);
      OpenAiEmbeddingClient embeddings = new OpenAiEmbeddingClient(embeddingConfig);
      EvalReport report = new EvalReport(options.data().toString(), options.qrels().toString(), queries.size());

      List<String> texts = dataset.corpus().stream().map(BeirDataset.Document::fullText).toList();
      DocumentEmbeddings whole = DocumentEmbeddings.load(embeddings, texts, options.cacheDir(), 32, 2,
          new Progress(out, "embed documents (exact dense)", texts.size(), terminal));
      if (whole.cached()) out.println("exact dense: document vectors from the cache of an earlier run");

      Map<String, Object> ingest = ingest(api, site, stack, dataset);
      // The server alone, after the ingestion: the JVM is as warm as it was at the ingestion's end and the stack idle.
      // The faster of this sample and (when it ran) the full pass above is the floor the ingestion is held to.
      DocumentEmbeddings alone = DocumentEmbeddings.time(embeddings, texts, SERVER_ALONE_SAMPLE, 32, 2,
          new Progress(out, "server alone", Math.min(texts.size(), SERVER_ALONE_SAMPLE), terminal));
      double tokensPerSecond = Math.max(alone.tokensPerSecond(), whole.tokensPerSecond());
      out.printf("server alone: %.0f tokens/s (%d tokens in %.1f s)%n", tokensPerSecond, alone.tokens(), alone.seconds());
      compareWithServerAlone(ingest, tokensPerSecond);
      report.put("ingest", ingest);

      Map<String, Map<String, List<String>>> rankings = new HashMap<>();
      Map<String, Object> latency = new LinkedHashMap<>();
      for (String mode : MODES) {
        PipelineSearch.Run run = new PipelineSearch(api, options.corpus(), options.searchParallel())
            .run(mode, queries, new Progress(out, "search " + mode, queries.size(), terminal));
        rankings.put(mode, run.rankings());
        report.mode(mode, RankingMetrics.score(dataset.qrels(), run.rankings()));
        latency.put(mode, Map.of("p50_ms", round(run.percentile(0.5)), "p95_ms", round(run.percentile(0.95)),
            "errors", run.errors()));
      }
      report.put("search_latency", latency);
      report.extraMode("rrf_k60", RankingMetrics.score(dataset.qrels(),
          Fusion.reciprocalRank(rankings.get("vector"), rankings.get("keyword"), 60)));

      List<String> ids = dataset.corpus().stream().map(BeirDataset.Document::id).toList();
      ExactDenseReference dense = new ExactDenseReference(ids, whole.vectors());
      List<float[]> queryVectors = ExactDenseReference.embedQueries(embeddings, embeddingConfig.queryPrefix(),
          queries.stream().map(Map.Entry::getValue).toList(), 32);
      Map<String, List<String>> denseRankings = new HashMap<>();
      for (int i = 0; i < queries.size(); i++) denseRankings.put(queries.get(i).getKey(), dense.search(queryVectors.get(i), 100));
      report.mode("exact_dense", RankingMetrics.score(dataset.qrels(), denseRankings));
      try (Bm25Reference bm25 = new Bm25Reference(dataset.corpus())) {
        Map<String, List<String>> bm25Rankings = new HashMap<>();
        for (Map.Entry<String, String> q : queries) bm25Rankings.put(q.getKey(), bm25.search(q.getValue(), 100));
        report.mode("bm25", RankingMetrics.score(dataset.qrels(), bm25Rankings));
      }
      report.put("server_alone", Map.of("sample_tokens", alone.tokens(), "sample_seconds", round(alone.seconds()),
          "full_pass_tokens_per_second", round(whole.tokensPerSecond()), "tokens_per_second", round(tokensPerSecond)));
      return report;
    }
  }

  /** Documents timed for the server-alone speed: about a minute of SciFact on this machine. */
  static final int SERVER_ALONE_SAMPLE = 1000;

  private Map<String, Object> ingest(ApiClient api, DocumentSite site, Stack stack, BeirDataset dataset)
      throws InterruptedException {
    Corpora corpora = stack.corpora(api, options);
    Map<String, Object> ingest = new LinkedHashMap<>();
    ingest.put("documents", dataset.corpus().size());
    if (options.reuse()) {
      Set<String> held = corpora.documents(options.corpus());
      long missing = dataset.corpus().stream().filter(d -> !held.contains(d.id())).count();
      if (missing == 0) {
        out.printf("EVAL_REUSE=1: corpus %s already holds all %d documents; ingestion skipped%n", options.corpus(),
            dataset.corpus().size());
        ingest.put("done", dataset.corpus().size());
        ingest.put("failed", 0);
        ingest.put("reused", true);
        return ingest;
      }
      out.printf("EVAL_REUSE=1: corpus %s lacks %d of %d documents; ingesting all%n", options.corpus(), missing,
          dataset.corpus().size());
    }
    double tokensBefore = stack.writeTokens(api);
    CpuAccount cpuBefore = CpuAccount.now();
    long startedEpochNanos = System.currentTimeMillis() * 1_000_000;
    Ingestion.Result result;
    Map<String, Map<String, Double>> queues;
    try (QueueSampler sampler = stack.queueSampler()) {
      result = new Ingestion(api, stack.jobStates(api), site, options.corpus(), options.inFlight(), options.timeout())
          .run(dataset.corpus(), new Progress(out, "ingest", dataset.corpus().size(), terminal));
      queues = sampler == null ? Map.of() : sampler.depths();
    }
    Map<String, Double> cpu = CpuAccount.now().since(cpuBefore);
    Map<String, SpanTimes.Stat> spans = stack.spanTimes(startedEpochNanos, System.currentTimeMillis() * 1_000_000);
    double tokens = stack.writeTokens(api) - tokensBefore;
    ingest.put("done", result.done());
    ingest.put("failed", result.failed());
    ingest.put("unfinished", result.unfinished());
    ingest.put("seconds", round(result.seconds()));
    ingest.put("docs_per_minute", round(result.done() * 60 / result.seconds()));
    ingest.put("embedding_tokens", (long) tokens);
    ingest.put("embedding_tokens_per_second", round(tokens / result.seconds()));
    ingest.put("cpu_seconds", cpu);
    ingest.put("queue_depth", queues);
    ingest.put("span_seconds", spans);
    ingest.put("error_codes", result.errorCodes());
    ingest.put("failed_documents", result.failedDocuments().stream().limit(20).toList());
    if (result.failed() == 0 && result.unfinished() == 0) corpora.ingested(options.corpus(), result.jobIds());
    out.printf("ingested %d documents in %.1f s: %d done, %d failed, %d unfinished; %.0f docs/min, %.0f embedding tokens/s%n",
        dataset.corpus().size(), result.seconds(), result.done(), result.failed(), result.unfinished(),
        result.done() * 60 / result.seconds(), tokens / result.seconds());
    queues.forEach((q, d) -> out.printf("queue %s: mean depth %.1f, max %.0f%n", q, d.get("mean"), d.get("max")));
    out.println("CPU seconds while ingesting, by part of the stack:");
    cpu.forEach((part, seconds) -> out.printf("  %8.1f  %s%n", seconds, part));
    if (!spans.isEmpty()) out.println("Span time while ingesting (count, mean ms, total s), from the functions' own traces:");
    spans.entrySet().stream().limit(25).forEach(e -> out.printf("  %7d %9.1f %8.1f  %s%n", e.getValue().count(),
        e.getValue().meanMs(), e.getValue().totalSeconds(), e.getKey()));
    return ingest;
  }

  /** The same tokens at the speed the server reached alone: how much the pipeline costs beside inference. */
  private void compareWithServerAlone(Map<String, Object> ingest, double tokensPerSecond) {
    if (!(ingest.get("seconds") instanceof Double seconds) || tokensPerSecond <= 0) return; // reused: nothing ingested
    double alone = ((Long) ingest.get("embedding_tokens")) / tokensPerSecond;
    ingest.put("server_alone_seconds", round(alone));
    ingest.put("ratio_to_server_alone", round(seconds / alone));
    out.printf("ingestion took %.2fx the time the embedding server alone needs for the same tokens (%.0f s)%n",
        seconds / alone, alone);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The stack under evaluation: one started for the run, or one already running at {@code EVAL_URL}. */
  interface Stack extends AutoCloseable {
    String baseUrl();

    String embeddingUrl();

    String model();

    int dimension();

    Corpora corpora(ApiClient api, EvalOptions options);

    /** How the harness sees its jobs end: {@code GET /jobs/{id}}, unless the jobs table is ours to read. */
    default JobStates jobStates(ApiClient api) {
      return JobStates.api(api);
    }

    /** A sampler of the stage queues' depth, or null when the stack is not ours to look into. */
    default QueueSampler queueSampler() {
      return null;
    }

    /** The functions' span times in a window, when the stack's collector is ours to read; empty otherwise. */
    default Map<String, SpanTimes.Stat> spanTimes(long fromEpochNanos, long toEpochNanos) {
      return Map.of();
    }

    /** Tokens the pipeline has embedded so far (embedding_tokens_processed_total, operation="write"). */
    default double writeTokens(ApiClient api) {
      return PrometheusText.sum(api.getText("/_local/metrics"), "embedding_tokens_processed_total", "operation", "write");
    }

    @Override
    void close();

    static Stack open(EvalOptions options, PrintStream out) throws java.io.IOException {
      if (options.stackUrl() != null) {
        out.println("using the stack at " + options.stackUrl());
        return new Stack() {
          public String baseUrl() { return options.stackUrl(); }
          public String embeddingUrl() { return options.embeddingUrl(); }
          public String model() { return options.embeddingModel(); }
          public int dimension() { return options.embeddingDimension(); }
          public Corpora corpora(ApiClient api, EvalOptions o) {
            return Corpora.manifest(api, o.out().resolveSibling(o.corpus() + ".jobs.json"));
          }
          public void close() {}
        };
      }
      out.println("starting a local stack (state in " + options.stateDir() + ")");
      LocalStack stack = LocalStack.start(LocalStackOptions.forTests(options.stateDir(), Map.of()));
      Map<String, String> env = stack.environment();
      return new Stack() {
        public String baseUrl() { return stack.baseUrl(); }
        public String embeddingUrl() { return stack.embeddingsUrl(); }
        public String model() { return env.get("EMBEDDING_MODEL"); }
        public int dimension() { return Integer.parseInt(env.get("EMBEDDING_DIMENSION")); }
        public Corpora corpora(ApiClient api, EvalOptions o) {
          return Corpora.database(env.get("VECTOR_DB_URL"), env.get("VECTOR_DB_USER"), env.get("VECTOR_DB_PASSWORD"));
        }
        public QueueSampler queueSampler() { return new QueueSampler(stack.aws().sqs(), stack.resources().queueUrls()); }
        public JobStates jobStates(ApiClient api) { return JobStates.table(stack.aws().dynamo(), env.get("JOBS_TABLE")); }
        public Map<String, SpanTimes.Stat> spanTimes(long from, long to) {
          return SpanTimes.of(stack.telemetry().allSpans(), from, to);
        }
        public void close() { stack.close(); }
      };
    }
  }
}
