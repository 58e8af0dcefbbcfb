package io.docpipe.dashboards.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * One series as a line in a plot area. NaN and infinite values break the line; a point with no finite neighbour
 * (a single-point series, or a sample between two gaps) is drawn as a dot, since a line through it has no length.
 */
final class SeriesLines {
  private static final BasicStroke STROKE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final double DOT_RADIUS = 3;

  private SeriesLines() {}

  static void paint(Graphics2D g, Rectangle plot, SeriesView series, Color color, ValueAxis values, TimeAxis time) {
    g.setColor(color);
    g.setStroke(STROKE);
    Path2D path = new Path2D.Double();
    int run = 0;
    double lastX = 0;
    double lastY = 0;
    for (Point p : series.points()) {
      if (!Double.isFinite(p.value())) {
        if (run == 1) dot(g, lastX, lastY);
        run = 0;
        continue;
      }
      lastX = ChartAxes.x(plot, time, p.epochMillis());
      lastY = ChartAxes.y(plot, values, p.value());
      if (run == 0) {
        path.moveTo(lastX, lastY);
      } else {
        path.lineTo(lastX, lastY);
      }
      run++;
    }
    if (run == 1) dot(g, lastX, lastY);
    g.draw(path);
  }

  private static void dot(Graphics2D g, double x, double y) {
    g.fill(new Ellipse2D.Double(x - DOT_RADIUS, y - DOT_RADIUS, 2 * DOT_RADIUS, 2 * DOT_RADIUS));
  }
}
