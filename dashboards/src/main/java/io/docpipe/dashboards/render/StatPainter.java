package io.docpipe.dashboards.render;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/**
 * A stat panel: the last value of each series, big, in the panel's unit and the series' colour, its name under it.
 * Cells share the content area in a grid; series that get no cell are counted in a "+N more" corner note.
 */
final class StatPainter {
  private static final int MIN_CELL_WIDTH = 70;
  private static final int MIN_CELL_HEIGHT = 40;
  private static final int NAME_HEIGHT = 16;
  private static final float MAX_VALUE_SIZE = 56f;
  private static final float MIN_VALUE_SIZE = 10f;

  private StatPainter() {}

  static void paint(Graphics2D g, Rectangle content, PanelView panel) {
    List<SeriesView> series = Samples.withData(panel.series());
    int columns = Math.clamp(content.width / MIN_CELL_WIDTH, 1, series.size());
    int rows = Math.clamp(content.height / MIN_CELL_HEIGHT, 1, Math.ceilDiv(series.size(), columns));
    int shown = Math.min(series.size(), rows * columns);
    int cellWidth = content.width / columns;
    int cellHeight = content.height / rows;
    for (int i = 0; i < shown; i++) {
      Rectangle cell = new Rectangle(content.x + (i % columns) * cellWidth, content.y + (i / columns) * cellHeight,
          cellWidth, cellHeight);
      paintCell(g, cell, series.get(i), i, panel.unit(), series.size() > 1);
    }
    if (shown < series.size()) {
      g.setFont(Theme.LABEL);
      g.setColor(Theme.MUTED);
      Text.right(g, "+" + (series.size() - shown) + " more", content.x + content.width, content.y + content.height,
          content.width);
    }
  }

  private static void paintCell(Graphics2D g, Rectangle cell, SeriesView series, int index, String unit,
      boolean named) {
    boolean showName = named && !series.name().isEmpty() && cell.height >= 2 * NAME_HEIGHT;
    int valueHeight = cell.height - (showName ? NAME_HEIGHT : 0);
    String value = UnitFormat.format(Samples.last(series).orElseThrow(), unit);
    g.setFont(fitting(g, value, Math.min(valueHeight * 0.7f, MAX_VALUE_SIZE), cell.width - 8));
    g.setColor(Theme.series(index));
    Text.centered(g, value, (int) cell.getCenterX(), cell.y + valueHeight / 2, cell.width - 8);
    if (showName) {
      g.setFont(Theme.BODY);
      g.setColor(Theme.MUTED);
      Text.centered(g, series.name(), (int) cell.getCenterX(), cell.y + valueHeight + NAME_HEIGHT / 2 - 2,
          cell.width - 8);
    }
  }

  /** The largest bold font, up to {@code size}, in which {@code text} fits {@code width}. */
  private static Font fitting(Graphics2D g, String text, float size, int width) {
    Font font = Theme.font(Font.BOLD, Math.max(size, MIN_VALUE_SIZE));
    while (font.getSize2D() > MIN_VALUE_SIZE && g.getFontMetrics(font).stringWidth(text) > width) {
      font = font.deriveFont(font.getSize2D() * 0.9f);
    }
    return font;
  }
}
