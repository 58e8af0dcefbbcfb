package io.docpipe.dashboards.render;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/**
 * A table panel as Grafana shows an instant query: one row per series, its name and its last value in the panel's
 * unit. Rows that do not fit become a last "+N more" row.
 */
final class TablePainter {
  private static final int ROW_HEIGHT = 20;
  private static final int CELL_PADDING = 6;

  private TablePainter() {}

  static void paint(Graphics2D g, Rectangle content, PanelView panel) {
    List<SeriesView> series = Samples.withData(panel.series());
    g.setFont(Theme.BODY);
    FontMetrics metrics = g.getFontMetrics();
    int valueWidth = Math.max(90, content.width / 4);
    int nameWidth = content.width - valueWidth - 2 * CELL_PADDING;
    int right = content.x + content.width - CELL_PADDING;
    int baselineOffset = (ROW_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2;

    g.setColor(Theme.TABLE_HEADER);
    g.fillRect(content.x, content.y, content.width, ROW_HEIGHT);
    g.setColor(Theme.MUTED);
    g.drawString("Series", content.x + CELL_PADDING, content.y + baselineOffset);
    Text.right(g, "Last", right, content.y + baselineOffset, valueWidth);

    int capacity = Math.max(1, content.height / ROW_HEIGHT - 1);
    int shown = series.size() <= capacity ? series.size() : capacity - 1;
    for (int i = 0; i < shown; i++) {
      int y = content.y + (i + 1) * ROW_HEIGHT;
      g.setColor(Theme.GRID);
      g.drawLine(content.x, y, content.x + content.width, y);
      g.setColor(Theme.TEXT);
      Text.left(g, series.get(i).name(), content.x + CELL_PADDING, y + baselineOffset, nameWidth);
      Text.right(g, UnitFormat.format(Samples.last(series.get(i)).orElseThrow(), panel.unit()), right,
          y + baselineOffset, valueWidth);
    }
    if (shown < series.size()) {
      g.setColor(Theme.MUTED);
      g.drawString("+" + (series.size() - shown) + " more", content.x + CELL_PADDING,
          content.y + (shown + 1) * ROW_HEIGHT + baselineOffset);
    }
  }
}
