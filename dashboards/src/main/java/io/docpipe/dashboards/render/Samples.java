package io.docpipe.dashboards.render;

import java.util.List;
import java.util.OptionalDouble;

/** Questions about a series' values; NaN and infinite values never count (they are gaps). */
final class Samples {
  private Samples() {}

  static boolean hasData(SeriesView series) {
    return series.points().stream().anyMatch(p -> Double.isFinite(p.value()));
  }

  static List<SeriesView> withData(List<SeriesView> series) {
    return series.stream().filter(Samples::hasData).toList();
  }

  static OptionalDouble last(SeriesView series) {
    List<Point> points = series.points();
    for (int i = points.size() - 1; i >= 0; i--) {
      if (Double.isFinite(points.get(i).value())) return OptionalDouble.of(points.get(i).value());
    }
    return OptionalDouble.empty();
  }

  static long finiteCount(SeriesView series) {
    return series.points().stream().filter(p -> Double.isFinite(p.value())).count();
  }
}
