package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void of_twoHundredSamples_takesTheNearestRank_neverInterpolating() {
    // 1..200 in a scrambled order
    double[] samples = IntStream.rangeClosed(1, 200).map(i -> (i * 37) % 200 + 1).asDoubleStream().toArray();

    Percentiles p = Percentiles.of(samples);

    assertThat(p.p50()).isEqualTo(100);
    assertThat(p.p95()).isEqualTo(190);
    assertThat(p.p99()).isEqualTo(198);
  }

  @Test
  void of_oneSample_isThatSampleEverywhere() {
    assertThat(Percentiles.of(new double[] {4.2})).isEqualTo(new Percentiles(4.2, 4.2, 4.2));
  }

  @Test
  void of_leavesTheCallersArrayAlone() {
    double[] samples = {3, 1, 2};

    Percentiles.of(samples);

    assertThat(samples).containsExactly(3, 1, 2);
  }

  @Test
  void of_noSamples_isRefused() {
    assertThatThrownBy(() -> Percentiles.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
