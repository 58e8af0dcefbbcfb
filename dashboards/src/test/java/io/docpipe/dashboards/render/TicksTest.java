package io.docpipe.dashboards.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TicksTest {

  @Test
  void between_zeroTo087_givesFifths() {
    assertThat(Ticks.between(0, 0.87, 5)).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8);
  }

  @Test
  void between_largeAndNegativeRanges_useNiceSteps() {
    assertThat(Ticks.between(0, 1080, 5)).containsExactly(0.0, 500.0, 1000.0);
    assertThat(Ticks.between(-3.2, 4.1, 5)).containsExactly(-2.0, 0.0, 2.0, 4.0);
    assertThat(Ticks.between(0, 4.32, 5)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
  }

  @Test
  void between_anyRange_givesTwoToMaxCountTicksInside_evenlySpaced() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      double min = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 6);
      double max = min + random.nextDouble() * Math.pow(10, random.nextInt(12) - 6) + 1e-9;
      List<Double> ticks = Ticks.between(min, max, 5);

      assertThat(ticks).as("%s..%s", min, max).hasSizeBetween(2, 5);
      double step = ticks.get(1) - ticks.get(0);
      // Ticks are the doubles nearest to exact multiples: their differences are exact only to a few ulps.
      double ulp = Math.ulp(Math.max(Math.abs(min), Math.abs(max)));
      // Ends a billionth of a step off a multiple (floating point noise) still get their tick.
      double slack = 1e-9 * step;
      assertThat(ticks).allSatisfy(t -> assertThat(t).isBetween(min - slack, max + slack));
      for (int k = 2; k < ticks.size(); k++) {
        assertThat(ticks.get(k) - ticks.get(k - 1)).isCloseTo(step, offset(step * 1e-6 + 4 * ulp));
      }
    }
  }

  @Test
  void between_emptyOrNonFiniteRange_isJustTheMinimum() {
    assertThat(Ticks.between(4, 4, 5)).containsExactly(4.0);
    assertThat(Ticks.between(0, Double.NaN, 5)).containsExactly(0.0);
  }

  @Test
  void between_maxCountBelowTwo_isRejected() {
    assertThatThrownBy(() -> Ticks.between(0, 1, 1)).hasMessageContaining("maxCount");
  }
}
