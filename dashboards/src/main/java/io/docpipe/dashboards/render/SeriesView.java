package io.docpipe.dashboards.render;

import java.util.List;
import java.util.Objects;

/**
 * One series of a panel, as a Prometheus {@code query_range} result gives it: its display name (the legend) and its
 * points in time order.
 */
public record SeriesView(String name, List<Point> points) {
  public SeriesView {
    name = name == null ? "" : name;
    points = List.copyOf(Objects.requireNonNull(points, "points"));
  }
}
