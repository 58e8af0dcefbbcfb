package io.docpipe.dashboards.render;

/** How a panel is drawn, from its Grafana type (and, for types that show either, from the shape of its data). */
enum PanelKind {
  /** Lines over a time axis: timeseries, state-timeline, heatmap, bargauge over time and any type not listed. */
  CHART,
  /** The last value of each series, big. */
  STAT,
  /** One row per series: name and last value. */
  TABLE,
  /** Nothing evaluated to draw; the note. */
  TEXT,
  /** A section header across the grid. */
  ROW;

  static PanelKind of(PanelView panel) {
    return switch (panel.type()) {
      case "row" -> ROW;
      case "stat", "gauge", "singlestat" -> STAT;
      case "table", "table-old" -> TABLE;
      case "text", "news", "dashlist", "alertlist" -> TEXT;
      // Instant results (one sample per series) have no time to draw along: show their values instead.
      case "bargauge", "piechart", "barchart" -> isInstant(panel) ? STAT : CHART;
      default -> CHART;
    };
  }

  private static boolean isInstant(PanelView panel) {
    return panel.series().stream().allMatch(s -> Samples.finiteCount(s) <= 1);
  }
}
