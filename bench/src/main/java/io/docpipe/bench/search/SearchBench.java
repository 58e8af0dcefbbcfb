package io.docpipe.bench.search;

import io.docpipe.shared.pg.VectorDbConfig;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Search at scale: each dataset loaded (or kept from an earlier run), its caches warmed, then every size class of
 * corpora searched at top_k 10 and 50 under each plan, against the exact reference.
 */
public final class SearchBench {
  static final int[] TOP_KS = {10, 50};

  private final SearchBenchOptions options;
  private final PrintStream out;

  SearchBench(SearchBenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** What {@code make bench} records: every case of every plan, and how each table was loaded. */
  record Report(List<CaseResult> cases, Map<Dataset, DatasetLoader.Load> loads) {}

  /**
   * Runs the benchmark as {@code env} says and writes its part of {@code results}.
   *
   * @throws IllegalArgumentException when a setting in {@code env} is invalid (before anything runs)
   */
  public static void run(Map<String, String> env, java.nio.file.Path repoRoot, PrintStream out,
      io.docpipe.bench.ResultsFile results) throws Exception {
    Report report = new SearchBench(SearchBenchOptions.fromEnv(env, repoRoot), out).run();
    SearchResultsJson.write(report, results);
  }

  Report run() throws Exception {
    CorpusLayout layout = options.layout();
    out.printf(Locale.ROOT, "search: %,d chunks in %d corpora per table; tables %s; plans %s; %d queries a case%n",
        layout.totalRows(), layout.corpora().size(), options.datasets(), options.plans(), options.queries());
    List<CaseResult> cases = new ArrayList<>();
    Map<Dataset, DatasetLoader.Load> loads = new LinkedHashMap<>();
    Map<Integer, Map<String, List<BenchQuery>>> queriesByDimension = new HashMap<>();
    try (BenchCluster cluster = BenchCluster.start(options.clusterDir())) {
      DatasetLoader loader = new DatasetLoader(cluster, layout, options.seed(), out);
      for (Dataset dataset : options.datasets()) {
        DatasetLoader.Load load = loader.ensureLoaded(dataset, options.reload());
        loads.put(dataset, load);
        out.printf(Locale.ROOT, "%s: load %.0f s, index builds %.0f s; sizes (MB) %s%n", dataset, load.loadSeconds(),
            load.indexSeconds(), megabytes(load.sizes()));
        Map<String, List<BenchQuery>> queries = queriesByDimension.computeIfAbsent(dataset.dimension(),
            d -> queries(layout, new ClusteredVectors(d, options.seed())));
        prewarm(cluster, dataset);
        List<CaseResult> measured = measure(cluster.config(dataset), dataset, queries);
        out.println();
        out.print(ResultTable.markdown(measured));
        out.println();
        cases.addAll(measured);
      }
    }
    return new Report(cases, loads);
  }

  private Map<String, List<BenchQuery>> queries(CorpusLayout layout, ClusteredVectors vectors) {
    long start = System.nanoTime();
    Map<String, List<BenchQuery>> queries = new LinkedHashMap<>();
    layout.bySizeClass().forEach((sizeClass, corpora) ->
        queries.put(sizeClass, BenchQuery.spreadOver(corpora, options.queries(), vectors)));
    out.printf(Locale.ROOT, "%dd: exact reference for %,d queries in %.0f s%n", vectors.dimension(),
        queries.size() * options.queries(), (System.nanoTime() - start) / 1e9);
    return queries;
  }

  private List<CaseResult> measure(VectorDbConfig config, Dataset dataset, Map<String, List<BenchQuery>> queries)
      throws Exception {
    Map<String, Plans.Open> searchers = new LinkedHashMap<>();
    try {
      for (String plan : options.plans()) searchers.put(plan, Plans.open(plan, config));
      CaseRunner runner = new CaseRunner(searchers);
      List<CaseResult> results = new ArrayList<>();
      for (Map.Entry<String, List<BenchQuery>> sizeClass : queries.entrySet()) {
        for (int topK : TOP_KS) {
          long start = System.nanoTime();
          List<CaseResult> measured = runner.run(dataset, sizeClass.getKey(), sizeClass.getValue(), topK);
          out.printf(Locale.ROOT, "%s: corpus %s, top_k %d measured in %.0f s%n", dataset, sizeClass.getKey(), topK,
              (System.nanoTime() - start) / 1e9);
          results.addAll(measured);
        }
      }
      return results;
    } finally {
      for (Plans.Open open : searchers.values()) open.searcher().close();
    }
  }

  /** Reads the table, its TOAST table and its indexes into PostgreSQL's cache: the searches are measured warm. */
  private void prewarm(BenchCluster cluster, Dataset dataset) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = cluster.connect(dataset); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
      s.execute("""
          SELECT pg_prewarm(oid) FROM pg_class
          WHERE oid IN (SELECT 'chunks'::regclass UNION ALL SELECT reltoastrelid FROM pg_class WHERE relname = 'chunks'
                        UNION ALL SELECT indexrelid FROM pg_index WHERE indrelid = 'chunks'::regclass)""");
    }
    out.printf(Locale.ROOT, "%s: cache warmed in %.0f s%n", dataset, (System.nanoTime() - start) / 1e9);
  }

  private static String megabytes(Map<String, Long> sizes) {
    List<String> parts = new ArrayList<>();
    sizes.forEach((name, bytes) -> parts.add(String.format(Locale.ROOT, "%s %,d", name, bytes / 1_000_000)));
    return String.join(", ", parts);
  }
}
