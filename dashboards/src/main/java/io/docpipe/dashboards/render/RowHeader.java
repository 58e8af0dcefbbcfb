package io.docpipe.dashboards.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;

/** A Grafana row: no box, its title as a section header with a line under it across the grid. */
final class RowHeader {
  private RowHeader() {}

  static void paint(Graphics2D g, Rectangle cell, String title) {
    g.setFont(Theme.ROW_TITLE);
    g.setColor(Theme.TEXT);
    Text.left(g, title, cell.x, cell.y + cell.height - 8, cell.width);
    g.setColor(Theme.BORDER);
    g.fillRect(cell.x, cell.y + cell.height - 2, cell.width, 1);
  }
}
