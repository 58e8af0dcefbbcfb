package io.docpipe.dashboards.render;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/** A chart's grid lines and axis labels, and the mapping from (time, value) to pixels of its plot area. */
final class ChartAxes {
  static final int LABEL_GAP = 6;
  /** Room per time label ("HH:mm:ss" plus space around it). */
  private static final int TIME_LABEL_SPACING = 90;

  private ChartAxes() {}

  static int valueLabelWidth(FontMetrics metrics, ValueAxis values) {
    return values.labels().stream().mapToInt(metrics::stringWidth).max().orElse(0);
  }

  static int timeLabelHeight(FontMetrics metrics) {
    return metrics.getHeight() + 2;
  }

  static double x(Rectangle plot, TimeAxis time, long epochMillis) {
    return plot.x + time.fraction(epochMillis) * plot.width;
  }

  static double y(Rectangle plot, ValueAxis values, double value) {
    return plot.y + plot.height - values.fraction(value) * plot.height;
  }

  /** Grid lines across the plot and labels left of it (values) and under it (time), in the current font. */
  static void paint(Graphics2D g, Rectangle plot, ValueAxis values, TimeAxis time) {
    FontMetrics metrics = g.getFontMetrics();
    List<Double> ticks = values.ticks();
    for (int i = 0; i < ticks.size(); i++) {
      int y = (int) Math.round(y(plot, values, ticks.get(i)));
      g.setColor(Theme.GRID);
      g.drawLine(plot.x, y, plot.x + plot.width, y);
      g.setColor(Theme.MUTED);
      Text.right(g, values.labels().get(i), plot.x - LABEL_GAP, y + metrics.getAscent() / 2 - 1, plot.x);
    }
    int baseline = plot.y + plot.height + metrics.getAscent() + 3;
    for (long t : time.ticks(Math.max(2, plot.width / TIME_LABEL_SPACING))) {
      int x = (int) Math.round(x(plot, time, t));
      g.setColor(Theme.GRID);
      g.drawLine(x, plot.y, x, plot.y + plot.height);
      g.setColor(Theme.MUTED);
      String label = time.label(t);
      g.drawString(label, x - metrics.stringWidth(label) / 2, baseline);
    }
    g.setColor(Theme.BORDER);
    g.drawLine(plot.x, plot.y + plot.height, plot.x + plot.width, plot.y + plot.height);
  }
}
