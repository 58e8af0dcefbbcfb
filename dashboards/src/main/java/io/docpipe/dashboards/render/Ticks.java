package io.docpipe.dashboards.render;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Nice axis ticks: multiples of 1, 2 or 5 times a power of ten, inside a range, at most a given count. The step is
 * the smallest such number that keeps the count within the limit, so a range gets as many ticks as it may have.
 */
final class Ticks {
  private static final int[] MANTISSAS = {1, 2, 5};
  // Slack for ranges whose ends are meant to be multiples of the step but lost a bit in floating point.
  private static final double EPSILON = 1e-9;
  // Beyond this many steps from zero, tick indexes no longer fit exactly in a double; the range has no useful ticks.
  private static final double MAX_INDEX = 1e15;

  private Ticks() {}

  /** The ticks within {@code [min, max]}, ascending; just {@code min} when the range is empty or not finite. */
  static List<Double> between(double min, double max, int maxCount) {
    if (maxCount < 2) throw new IllegalArgumentException("maxCount must be >= 2, got " + maxCount);
    if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) return List.of(min);
    BigDecimal step = step(min, max, maxCount);
    double s = step.doubleValue();
    if (Math.max(Math.abs(min), Math.abs(max)) / s > MAX_INDEX) return List.of(min, max);
    List<Double> ticks = new ArrayList<>();
    for (long k = first(min, s); k <= last(max, s); k++) ticks.add(BigDecimal.valueOf(k).multiply(step).doubleValue());
    return ticks;
  }

  private static BigDecimal step(double min, double max, int maxCount) {
    int exponent = (int) Math.floor(Math.log10((max - min) / maxCount));
    for (int e = exponent; ; e++) {
      for (int m : MANTISSAS) {
        BigDecimal step = BigDecimal.valueOf(m).scaleByPowerOfTen(e);
        double s = step.doubleValue();
        if (last(max, s) - first(min, s) + 1 <= maxCount) return step;
      }
    }
  }

  private static long first(double min, double step) {
    return (long) Math.ceil(min / step - EPSILON);
  }

  private static long last(double max, double step) {
    return (long) Math.floor(max / step + EPSILON);
  }
}
