package io.docpipe.bench.search;

import io.docpipe.shared.VectorStore.SearchHit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures plans on one case's queries, interleaved: query j runs under every plan before query j+1, the plans in a
 * rotated order, so a noisy neighbour on the machine (or the cache warming) falls on all plans alike. The first
 * {@value #WARM_UP_QUERIES} queries run once under every plan before, unrecorded unless the plan is too slow to go on.
 */
final class CaseRunner {
  static final int WARM_UP_QUERIES = 20;
  /** Ten times the p99 target: a plan this slow at the median is measured on its warm-up queries only. */
  static final double TOO_SLOW_MS = 200;

  private final Map<String, Plans.Open> searchers;

  CaseRunner(Map<String, Plans.Open> searchers) {
    this.searchers = searchers;
  }

  List<CaseResult> run(Dataset dataset, String sizeClass, List<BenchQuery> queries, int topK) {
    List<String> plans = List.copyOf(searchers.keySet());
    List<BenchQuery> warmUp = queries.subList(0, Math.min(WARM_UP_QUERIES, queries.size()));
    Map<String, Tally> warm = measure(plans, warmUp, topK);
    // A plan whose warm-up median is ten times the target is not run on; its warm-up queries are its numbers.
    List<String> measured = plans.stream().filter(p -> warm.get(p).median() <= TOO_SLOW_MS).toList();
    Map<String, Tally> tallies = measure(measured, queries, topK);
    int min = queries.stream().mapToInt(q -> q.corpus().rows()).min().orElseThrow();
    int max = queries.stream().mapToInt(q -> q.corpus().rows()).max().orElseThrow();
    List<CaseResult> results = new ArrayList<>();
    for (String plan : plans) {
      Tally t = tallies.getOrDefault(plan, warm.get(plan));
      results.add(new CaseResult(dataset, sizeClass, max, min, topK, plan, t.count(), t.percentiles(),
          searchers.get(plan).waits().available() ? t.withoutCpuWaits() : null, t.recallAt10() / t.count(),
          t.recallAtK() / t.count(), t.shortAnswers(), !tallies.containsKey(plan)));
    }
    return results;
  }

  private Map<String, Tally> measure(List<String> plans, List<BenchQuery> queries, int topK) {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (String plan : plans) tallies.put(plan, new Tally(queries.size()));
    for (int j = 0; j < queries.size(); j++) {
      BenchQuery q = queries.get(j);
      for (int r = 0; r < plans.size(); r++) {
        Plans.Open plan = searchers.get(plans.get((j + r) % plans.size()));
        long waited = plan.waits().nanos();
        long start = System.nanoTime();
        List<SearchHit> hits = plan.searcher().search(q.corpus().name(), q.vector(), topK);
        long wall = System.nanoTime() - start;
        waited = plan.waits().nanos() - waited;
        List<Integer> rows = rowsOf(q.corpus(), hits);
        tallies.get(plan.name()).add(wall / 1e6, Math.max(0, wall - waited) / 1e6, Recall.at(10, rows, q.exact()),
            Recall.at(topK, rows, q.exact()), hits.size() < Math.min(topK, q.corpus().rows()));
      }
    }
    return tallies;
  }

  /** One plan's queries so far. */
  private static final class Tally {
    private final double[] latencies;
    private final double[] onCpu;
    private int count;
    private double recallAt10;
    private double recallAtK;
    private int shortAnswers;

    Tally(int capacity) {
      latencies = new double[capacity];
      onCpu = new double[capacity];
    }

    void add(double ms, double onCpuMs, double recall10, double recallK, boolean isShort) {
      onCpu[count] = onCpuMs;
      latencies[count++] = ms;
      recallAt10 += recall10;
      recallAtK += recallK;
      if (isShort) shortAnswers++;
    }

    int count() {
      return count;
    }

    double recallAt10() {
      return recallAt10;
    }

    double recallAtK() {
      return recallAtK;
    }

    int shortAnswers() {
      return shortAnswers;
    }

    Percentiles percentiles() {
      return Percentiles.of(java.util.Arrays.copyOf(latencies, count));
    }

    Percentiles withoutCpuWaits() {
      return Percentiles.of(java.util.Arrays.copyOf(onCpu, count));
    }

    double median() {
      return percentiles().p50();
    }
  }

  /** The answer's rows; a row of another corpus (which would be a bug) as -1, which no reference holds. */
  private static List<Integer> rowsOf(Corpus corpus, List<SearchHit> hits) {
    String prefix = ChunkRows.urlPrefix(corpus);
    return hits.stream().map(h -> h.url().startsWith(prefix) ? ChunkRows.row(h.url(), h.chunkIndex()) : -1).toList();
  }
}
