package io.docpipe.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reciprocal rank fusion of document rankings, for the comparison row that shows why hybrid search fuses scores. */
final class Fusion {
  private Fusion() {}

  static Map<String, List<String>> reciprocalRank(Map<String, List<String>> a, Map<String, List<String>> b, int k) {
    Map<String, List<String>> fused = new HashMap<>();
    for (String query : a.keySet()) {
      Map<String, Double> scores = new HashMap<>();
      add(scores, a.get(query), k);
      add(scores, b.getOrDefault(query, List.of()), k);
      List<String> ranked = new ArrayList<>(scores.keySet());
      ranked.sort((x, y) -> {
        int byScore = Double.compare(scores.get(y), scores.get(x));
        return byScore != 0 ? byScore : x.compareTo(y);
      });
      fused.put(query, ranked);
    }
    return fused;
  }

  private static void add(Map<String, Double> scores, List<String> ranking, int k) {
    for (int i = 0; i < ranking.size(); i++) scores.merge(ranking.get(i), 1.0 / (k + i + 1), Double::sum);
  }
}
