package io.docpipe.dashboards.render;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/**
 * A panel drawn as lines over time (timeseries, and state-timeline, heatmap, bargauge over time, approximated so):
 * value axis on the left, time axis below, legend at the bottom, the first {@link Theme#MAX_SERIES} series.
 */
final class TimeSeriesChart {
  /** Below this plot height a legend would leave too little chart; it is dropped. */
  private static final int MIN_PLOT_HEIGHT = 40;
  private static final int TALL_CONTENT = 180;
  /** Vertical pixels per value tick, so labels never touch. */
  private static final int MIN_TICK_SPACING = 22;

  private TimeSeriesChart() {}

  static void paint(Graphics2D g, Rectangle content, PanelView panel, TimeAxis time) {
    List<SeriesView> withData = Samples.withData(panel.series());
    List<SeriesView> drawn = withData.subList(0, Math.min(withData.size(), Theme.MAX_SERIES));
    g.setFont(Theme.LABEL);
    FontMetrics metrics = g.getFontMetrics();
    int top = metrics.getAscent() / 2 + 1;
    int timeLabels = ChartAxes.timeLabelHeight(metrics);
    Legend.Layout legend = Legend.layout(metrics, drawn.stream().map(SeriesView::name).toList(), withData.size(),
        content.width, content.height >= TALL_CONTENT ? 2 : 1);
    if (content.height - top - timeLabels - legend.height() < MIN_PLOT_HEIGHT) {
      legend = Legend.NONE;
    }
    int plotHeight = content.height - top - timeLabels - legend.height();
    ValueAxis values = ValueAxis.of(drawn, panel.unit(),
        Math.clamp(plotHeight / MIN_TICK_SPACING, 2, ValueAxis.MAX_TICKS));
    int left = ChartAxes.valueLabelWidth(metrics, values) + ChartAxes.LABEL_GAP;
    // Half a time label of room on the right, so the last tick's label is not cut by the panel edge.
    int right = metrics.stringWidth("00:00:00") / 2;
    Rectangle plot = new Rectangle(content.x + left, content.y + top, content.width - left - right, plotHeight);
    if (plot.width <= 0 || plot.height <= 0) return;
    ChartAxes.paint(g, plot, values, time);
    for (int i = 0; i < drawn.size(); i++) {
      SeriesLines.paint(g, plot, drawn.get(i), Theme.series(i), values, time);
    }
    Legend.paint(g, legend, content.x, plot.y + plot.height + timeLabels);
  }
}
