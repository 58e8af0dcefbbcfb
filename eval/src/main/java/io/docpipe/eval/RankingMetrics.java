package io.docpipe.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The retrieval measures BEIR reports, as trec_eval computes them: nDCG@10 with the grade as gain and a log2 discount,
 * recall@10 and @100 (relevant documents found over relevant documents judged), MRR@10. A query's ranking is a list of
 * distinct document ids, best first; every judged query counts, an empty ranking as 0.
 */
final class RankingMetrics {
  private RankingMetrics() {}

  /** Mean scores over queries. */
  record Scores(double ndcgAt10, double recallAt10, double recallAt100, double mrrAt10) {
    Map<String, Double> asMap() {
      return Map.of("ndcg@10", round(ndcgAt10), "recall@10", round(recallAt10), "recall@100", round(recallAt100),
          "mrr@10", round(mrrAt10));
    }

    private static double round(double v) {
      return Math.round(v * 10_000) / 10_000.0;
    }
  }

  static Scores score(Map<String, Map<String, Integer>> qrels, Map<String, List<String>> rankings) {
    double ndcg = 0, r10 = 0, r100 = 0, mrr = 0;
    for (Map.Entry<String, Map<String, Integer>> judged : qrels.entrySet()) {
      List<String> ranking = rankings.getOrDefault(judged.getKey(), List.of());
      ndcg += ndcg(judged.getValue(), ranking, 10);
      r10 += recall(judged.getValue(), ranking, 10);
      r100 += recall(judged.getValue(), ranking, 100);
      mrr += reciprocalRank(judged.getValue(), ranking, 10);
    }
    int n = qrels.size();
    return new Scores(ndcg / n, r10 / n, r100 / n, mrr / n);
  }

  static double ndcg(Map<String, Integer> grades, List<String> ranking, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      dcg += gain(grades.getOrDefault(ranking.get(i), 0)) / log2(i + 2);
    }
    List<Integer> ideal = new ArrayList<>(grades.values());
    ideal.sort(Collections.reverseOrder());
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) idcg += gain(ideal.get(i)) / log2(i + 2);
    return idcg == 0 ? 0 : dcg / idcg;
  }

  static double recall(Map<String, Integer> grades, List<String> ranking, int k) {
    long relevant = grades.values().stream().filter(g -> g > 0).count();
    if (relevant == 0) return 0;
    long found = ranking.stream().limit(k).filter(id -> grades.getOrDefault(id, 0) > 0).count();
    return (double) found / relevant;
  }

  static double reciprocalRank(Map<String, Integer> grades, List<String> ranking, int k) {
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (grades.getOrDefault(ranking.get(i), 0) > 0) return 1.0 / (i + 1);
    }
    return 0;
  }

  private static double gain(int grade) {
    return Math.max(0, grade);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
