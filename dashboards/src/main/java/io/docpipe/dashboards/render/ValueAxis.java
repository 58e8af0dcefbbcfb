package io.docpipe.dashboards.render;

import java.util.DoubleSummaryStatistics;
import java.util.HashSet;
import java.util.List;

/**
 * The value (vertical) axis of a chart: its range, 3 to 5 nice ticks and their labels in the panel's unit.
 *
 * <p>The range always includes zero, so a reader sees magnitudes and a constant series sits at a sensible height
 * instead of on a degenerate range, and gets some headroom above the largest value so a line never runs along the
 * panel's top edge.
 */
record ValueAxis(double min, double max, List<Double> ticks, List<String> labels) {
  static final int MAX_TICKS = 5;
  private static final double HEADROOM = 0.08;
  private static final int MAX_DIGITS = 6;

  static ValueAxis of(List<SeriesView> series, String unit) {
    return of(series, unit, MAX_TICKS);
  }

  /** With at most {@code maxTicks} ticks (a short plot has room for fewer labels). */
  static ValueAxis of(List<SeriesView> series, String unit, int maxTicks) {
    DoubleSummaryStatistics stats = series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(Point::value).filter(Double::isFinite).summaryStatistics();
    double lo = stats.getCount() == 0 ? 0 : Math.min(stats.getMin(), 0);
    double hi = stats.getCount() == 0 ? 1 : Math.max(stats.getMax(), 0);
    if (hi == lo) hi = 1;
    double pad = (hi - lo) * HEADROOM;
    if (hi > 0) hi += pad;
    if (lo < 0) lo -= pad;
    // Round in the unit shown (minutes, KiB), not in the raw one: 0, 2, 4, 6 min rather than 0, 100, 200 ... s.
    double scale = UnitFormat.scale(Math.max(Math.abs(lo), Math.abs(hi)), unit);
    List<Double> ticks = Ticks.between(lo / scale, hi / scale, maxTicks).stream().map(t -> t * scale).toList();
    return new ValueAxis(lo, hi, ticks, labels(ticks, unit));
  }

  /** Where {@code value} lies between min (0) and max (1). */
  double fraction(double value) {
    return (value - min) / (max - min);
  }

  // Close ticks (1000, 1002, ...) look the same at 3 digits; add digits until every label differs.
  private static List<String> labels(List<Double> ticks, String unit) {
    List<String> labels = List.of();
    for (int digits = UnitFormat.DEFAULT_DIGITS; digits <= MAX_DIGITS; digits++) {
      int d = digits;
      labels = ticks.stream().map(t -> UnitFormat.format(t, unit, d)).toList();
      if (new HashSet<>(labels).size() == labels.size()) return labels;
    }
    return labels;
  }
}
