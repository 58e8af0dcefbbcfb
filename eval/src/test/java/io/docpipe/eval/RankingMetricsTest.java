package io.docpipe.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The measures against values worked out by hand, as trec_eval defines them. */
class RankingMetricsTest {

  @Test
  void ndcg_ofTheIdealRanking_isOne_andOfNoRelevantDocument_isZero() {
    Map<String, Integer> grades = Map.of("a", 1, "b", 1);
    assertThat(RankingMetrics.ndcg(grades, List.of("a", "b", "x"), 10)).isCloseTo(1.0, within(1e-12));
    assertThat(RankingMetrics.ndcg(grades, List.of("x", "y"), 10)).isZero();
    assertThat(RankingMetrics.ndcg(grades, List.of(), 10)).isZero();
  }

  @Test
  void ndcg_discountsByLog2OfTheRank_andUsesTheGradeAsGain() {
    // One relevant document at rank 3: DCG = 1/log2(4) = 0.5, IDCG = 1.
    assertThat(RankingMetrics.ndcg(Map.of("a", 1), List.of("x", "y", "a"), 10)).isCloseTo(0.5, within(1e-12));
    // Grades 2 and 1 found in the wrong order: DCG = 1 + 2/log2(3), IDCG = 2 + 1/log2(3).
    double expected = (1 + 2 / log2(3)) / (2 + 1 / log2(3));
    assertThat(RankingMetrics.ndcg(Map.of("a", 2, "b", 1), List.of("b", "a"), 10)).isCloseTo(expected, within(1e-12));
    // Beyond the cut-off nothing counts.
    assertThat(RankingMetrics.ndcg(Map.of("a", 1), List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"), 10)).isZero();
  }

  @Test
  void recall_andReciprocalRank_countOnlyWhatIsRelevantWithinTheCutOff() {
    Map<String, Integer> grades = Map.of("a", 1, "b", 1, "c", 0);
    List<String> ranking = List.of("c", "x", "a");
    assertThat(RankingMetrics.recall(grades, ranking, 10)).isCloseTo(0.5, within(1e-12));
    assertThat(RankingMetrics.recall(grades, ranking, 2)).isZero();
    assertThat(RankingMetrics.reciprocalRank(grades, ranking, 10)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(RankingMetrics.reciprocalRank(grades, ranking, 2)).isZero();
  }

  @Test
  void score_averagesOverEveryJudgedQuery_aMissingRankingCountingZero() {
    Map<String, Map<String, Integer>> qrels = Map.of("q1", Map.of("a", 1), "q2", Map.of("b", 1));

    RankingMetrics.Scores scores = RankingMetrics.score(qrels, Map.of("q1", List.of("a")));

    assertThat(scores.ndcgAt10()).isCloseTo(0.5, within(1e-12));
    assertThat(scores.recallAt100()).isCloseTo(0.5, within(1e-12));
    assertThat(scores.mrrAt10()).isCloseTo(0.5, within(1e-12));
    assertThat(scores.asMap()).containsOnlyKeys("ndcg@10", "recall@10", "recall@100", "mrr@10");
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
