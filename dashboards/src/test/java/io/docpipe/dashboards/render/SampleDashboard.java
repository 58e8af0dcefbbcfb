package io.docpipe.dashboards.render;

import static io.docpipe.dashboards.render.Fixtures.constant;
import static io.docpipe.dashboards.render.Fixtures.empty;
import static io.docpipe.dashboards.render.Fixtures.panel;
import static io.docpipe.dashboards.render.Fixtures.series;

import java.util.ArrayList;
import java.util.List;

/** A pipeline-overview-like dashboard with every panel type and the awkward cases, for the sample PNG. */
final class SampleDashboard {
  private static final int POINTS = 61;
  private static final List<String> STAGES = List.of("scraping", "chunking", "embedding");

  private SampleDashboard() {}

  static RenderedDashboard pipeline() {
    List<PanelView> panels = new ArrayList<>();
    panels.add(empty("Pipeline", "row", new GridPos(0, 0, 24, 1), null));
    panels.add(panel("Queue depth by stage", "timeseries", new GridPos(0, 1, 8, 8), "short",
        series("scraping", POINTS, i -> 40 + 30 * Math.sin(i / 6.0)),
        series("chunking", POINTS, i -> 25 + 20 * Math.sin(i / 9.0 + 1)),
        series("embedding", POINTS, i -> i < 30 ? i * 3 : 90 - (i - 30) * 2)));
    panels.add(panel("Jobs completed (1h)", "stat", new GridPos(8, 1, 4, 4), "short",
        series("completed", POINTS, i -> i * 21.3)));
    panels.add(panel("Jobs failed by stage", "stat", new GridPos(8, 5, 4, 4), "short",
        constant("scraping", POINTS, 3), constant("chunking", POINTS, 0), constant("embedding", POINTS, 12)));
    panels.add(panel("End-to-end latency", "timeseries", new GridPos(12, 1, 12, 8), "s",
        series("P50", POINTS, i -> 1.2 + 0.2 * Math.sin(i / 5.0)),
        series("P95", POINTS, i -> 3.5 + 0.6 * Math.sin(i / 4.0)),
        series("P99", POINTS, i -> i == 45 ? 14 : 6 + Math.sin(i / 3.0))));
    panels.add(empty("Stages", "row", new GridPos(0, 9, 24, 1), null));
    panels.add(stageLatency());
    panels.add(panel("DLQ depth", "bargauge", new GridPos(12, 10, 6, 8), "short",
        series("docpipe-scrape-dlq", POINTS, i -> i > 40 ? 2 : 0),
        series("docpipe-embed-dlq", POINTS, i -> i / 20)));
    panels.add(panel("Embedding circuit breaker", "state-timeline", new GridPos(18, 10, 6, 8), "none",
        series("state", POINTS, i -> i >= 25 && i < 30 ? Double.NaN : i >= 30 && i < 40 ? 1 : i == 40 ? 2 : 0)));
    panels.add(panel("Top failing domains", "table", new GridPos(0, 18, 8, 8), "short",
        constant("example.com", 1, 42), constant("docs.example.org", 1, 17), constant("slow.example.net", 1, 9),
        constant("a-very-long-domain-name-that-will-not-fit-in-the-column.example.com", 1, 3)));
    panels.add(empty("Failures by error_code", "timeseries", new GridPos(8, 18, 8, 8),
        "Loki: not evaluated locally"));
    panels.add(empty("Recent failed jobs", "table", new GridPos(16, 18, 8, 4), null));
    panels.add(panel("Batch size distribution", "heatmap", new GridPos(16, 22, 8, 4), "short",
        series("le=8", POINTS, i -> 4 + i % 5), series("le=32", POINTS, i -> 10 + i % 7)));
    panels.add(panel("Time since last success", "timeseries", new GridPos(0, 26, 12, 6), "s",
        new SeriesView("docpipe-embed", List.of(new Point(Fixtures.START + 30 * Fixtures.STEP, 372)))));
    panels.add(empty("How to read this dashboard", "text", new GridPos(12, 26, 12, 6), "text panel: see README"));
    return new RenderedDashboard("Pipeline overview (local run)", panels);
  }

  private static PanelView stageLatency() {
    List<SeriesView> series = new ArrayList<>();
    List<String> quantiles = List.of("P50", "P95", "P99", "P99.9");
    for (int q = 0; q < quantiles.size(); q++) {
      for (int s = 0; s < STAGES.size(); s++) {
        String quantile = quantiles.get(q);
        double base = (s + 1) * 0.05 * (1 + q * q);
        series.add(series(STAGES.get(s) + " " + quantile, POINTS, i -> base * (1 + 0.3 * Math.sin(i / 7.0))));
      }
    }
    return new PanelView("Stage latency breakdown", "timeseries", new GridPos(0, 10, 12, 8), "s", series, null);
  }
}
