package io.docpipe.dashboards.render;

import java.util.List;
import java.util.Objects;

/**
 * One evaluated panel.
 *
 * @param title the panel title
 * @param type the Grafana panel type ({@code timeseries}, {@code stat}, {@code bargauge}, {@code heatmap},
 *     {@code table}, {@code state-timeline}, {@code text}, {@code row}, ...)
 * @param gridPos where the panel sits on the 24-column grid
 * @param unit the Grafana unit ({@code s}, {@code ms}, {@code reqps}, {@code short}, {@code bytes},
 *     {@code percentunit}, ...); null or unknown means a plain number
 * @param series the evaluated series, empty when there is nothing to draw
 * @param note shown in place of the content when there is nothing to draw (e.g. "Loki: not evaluated locally");
 *     may be null, then "no data" is shown
 */
public record PanelView(String title, String type, GridPos gridPos, String unit, List<SeriesView> series, String note) {
  public PanelView {
    title = title == null ? "" : title;
    type = type == null ? "" : type;
    Objects.requireNonNull(gridPos, "gridPos");
    series = series == null ? List.of() : List.copyOf(series);
  }
}
