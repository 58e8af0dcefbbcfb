package io.docpipe.dashboards.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValueAxisTest {

  @Test
  void constantSeries_getsARangeFromZero_withHeadroom() {
    ValueAxis axis = ValueAxis.of(List.of(series(4, 4, 4)), "short");

    assertThat(axis.min()).isZero();
    assertThat(axis.max()).isGreaterThan(4);
    assertThat(axis.fraction(4)).isBetween(0.85, 0.95);
    assertThat(axis.ticks()).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
  }

  @Test
  void allZeroOrNoData_doesNotDivideByZero() {
    ValueAxis zeros = ValueAxis.of(List.of(series(0, 0)), "s");
    ValueAxis empty = ValueAxis.of(List.of(series(Double.NaN)), "s");

    assertThat(zeros.fraction(0)).isZero();
    assertThat(zeros.max()).isGreaterThan(zeros.min());
    assertThat(empty.max()).isGreaterThan(empty.min());
    assertThat(empty.ticks()).hasSizeBetween(2, 5);
  }

  @Test
  void nonFiniteValues_doNotWidenTheRange() {
    ValueAxis axis = ValueAxis.of(List.of(series(1, Double.NaN, Double.POSITIVE_INFINITY, 2)), null);

    assertThat(axis.max()).isLessThan(3);
  }

  @Test
  void negativeValues_extendBelowZero() {
    ValueAxis axis = ValueAxis.of(List.of(series(-5, 5)), null);

    assertThat(axis.min()).isLessThan(-5);
    assertThat(axis.max()).isGreaterThan(5);
    assertThat(axis.ticks()).contains(0.0);
  }

  @Test
  void labels_areInTheUnit_andAllDifferent() {
    assertThat(ValueAxis.of(List.of(series(0.87)), "s").labels()).containsExactly("0 s", "200 ms", "400 ms", "600 ms",
        "800 ms");
    assertThat(ValueAxis.of(List.of(series(1000, 1010)), "short").labels()).doesNotHaveDuplicates();
  }

  @Test
  void ticks_areRoundInTheUnitShown() {
    assertThat(ValueAxis.of(List.of(series(372)), "s").labels()).containsExactly("0 s", "2 min", "4 min", "6 min");
    assertThat(ValueAxis.of(List.of(series(1500)), "bytes").labels()).containsExactly("0 B", "512 B", "1 KiB",
        "1.5 KiB");
  }

  private static SeriesView series(double... values) {
    return new SeriesView("s", IntStream.range(0, values.length)
        .mapToObj(i -> new Point(i * 1000L, values[i])).toList());
  }
}
