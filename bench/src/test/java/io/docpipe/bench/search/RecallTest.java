package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecallTest {
  /** Rows 0..n-1 at distances 0.1, 0.2, ... */
  private static List<Neighbour> exact(int n) {
    List<Neighbour> exact = new ArrayList<>();
    for (int i = 0; i < n; i++) exact.add(new Neighbour(i, 0.1 * (i + 1)));
    return exact;
  }

  @Test
  void at_theExactAnswer_isOne_inAnyOrder() {
    assertThat(Recall.at(3, List.of(2, 0, 1), exact(10))).isEqualTo(1.0);
  }

  @Test
  void at_countsOnlyTheFirstNRowsOfTheAnswer() {
    // Rows 0 and 1 are found, 5 is not among the 3 nearest; row 2 comes too late to count.
    assertThat(Recall.at(3, List.of(0, 5, 1, 2), exact(10))).isEqualTo(2.0 / 3);
  }

  @Test
  void at_aRowTiedWithTheNth_countsAsFound() {
    List<Neighbour> exact = List.of(new Neighbour(0, 0.1), new Neighbour(1, 0.2), new Neighbour(7, 0.2 + Recall.TIE / 2),
        new Neighbour(3, 0.5));

    assertThat(Recall.at(2, List.of(0, 7), exact)).isEqualTo(1.0);
    assertThat(Recall.at(2, List.of(0, 3), exact)).isEqualTo(0.5);
  }

  @Test
  void at_aCorpusSmallerThanN_isMeasuredAgainstAllItsRows() {
    assertThat(Recall.at(10, List.of(4, 3, 2, 1, 0), exact(5))).isEqualTo(1.0);
    assertThat(Recall.at(10, List.of(4, 3), exact(5))).isEqualTo(0.4);
  }

  @Test
  void at_aRowTwice_countsOnce() {
    assertThat(Recall.at(2, List.of(0, 0), exact(5))).isEqualTo(0.5);
  }

  @Test
  void at_aRowOfAnotherCorpus_isAMiss() {
    assertThat(Recall.at(2, List.of(-1, 0), exact(5))).isEqualTo(0.5);
  }
}
