package io.docpipe.bench.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the search benchmark reads from its environment; a bad value fails at once, naming the variable.
 *
 * @param quick {@code BENCH_QUICK=1}: a tenth of the rows, 384 dimensions only, 50 queries a case (checks the
 *     harness in a few minutes; its numbers say nothing about scale)
 * @param reload {@code BENCH_RELOAD=1}: load the tables again even when the ones kept from an earlier run match
 * @param queries queries per case ({@code BENCH_QUERIES})
 * @param datasets which tables to measure ({@code BENCH_DATASETS}, e.g. {@code 384,1024,1024-halfvec})
 * @param plans the plans compared ({@code BENCH_PLANS}, names in {@link Plans}); {@code chosen} is always among them
 */
record SearchBenchOptions(boolean quick, boolean reload, int queries, List<Dataset> datasets, List<String> plans,
    long seed, Path clusterDir, Path results) {
  static final int DEFAULT_QUERIES = 200;
  static final int QUICK_QUERIES = 50;

  static SearchBenchOptions fromEnv(Map<String, String> env, Path repoRoot) {
    boolean quick = flag(env, "BENCH_QUICK");
    int queries = intValue(env, "BENCH_QUERIES", quick ? QUICK_QUERIES : DEFAULT_QUERIES);
    String datasets = env.getOrDefault("BENCH_DATASETS", quick ? "384" : "384,1024,1024-halfvec");
    List<Dataset> parsed = new ArrayList<>();
    for (String name : datasets.split(",")) {
      try {
        parsed.add(Dataset.parse(name.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("BENCH_DATASETS: " + e.getMessage());
      }
    }
    List<String> plans = new ArrayList<>();
    for (String name : env.getOrDefault("BENCH_PLANS", String.join(",", Plans.DEFAULT)).split(",")) {
      try {
        Plans.validate(name.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("BENCH_PLANS: " + e.getMessage());
      }
      if (!plans.contains(name.trim())) plans.add(name.trim());
    }
    if (!plans.contains(Plans.CHOSEN)) plans.add(Plans.CHOSEN);
    // The quick layout is another table: kept in its own cluster, so it never replaces the full one.
    Path clusterDir = repoRoot.resolve(".local").resolve(quick ? "bench-pg-quick" : "bench-pg");
    return new SearchBenchOptions(quick, flag(env, "BENCH_RELOAD"), queries, List.copyOf(parsed), List.copyOf(plans),
        intValue(env, "BENCH_SEED", 13), clusterDir, repoRoot.resolve("target/bench/results.json"));
  }

  CorpusLayout layout() {
    return quick ? CorpusLayout.quick() : CorpusLayout.full();
  }

  private static boolean flag(Map<String, String> env, String name) {
    String v = env.getOrDefault(name, "").trim();
    return v.equals("1") || v.equalsIgnoreCase("true");
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String v = env.getOrDefault(name, "").trim();
    if (v.isEmpty()) return fallback;
    try {
      int parsed = Integer.parseInt(v);
      if (parsed < 1) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive integer, was '" + v + "'");
    }
  }
}
