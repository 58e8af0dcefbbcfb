package io.docpipe.dashboards.render;

import java.awt.Rectangle;
import java.util.List;

/** Grafana's grid in pixels: 24 columns of 60 px (a 1440 px wide image), rows of 30 px, under a title band. */
final class GridLayout {
  static final int COLUMNS = 24;
  static final int COLUMN_WIDTH = 60;
  static final int ROW_HEIGHT = 30;
  static final int HEADER_HEIGHT = 44;
  static final int FOOTER_HEIGHT = 8;
  static final int WIDTH = COLUMNS * COLUMN_WIDTH;
  /** Space around each panel inside its grid cell, so neighbours are 2 * GUTTER apart. */
  static final int GUTTER = 4;

  private GridLayout() {}

  static int height(List<PanelView> panels) {
    int rows = panels.stream().mapToInt(p -> p.gridPos().y() + p.gridPos().h()).max().orElse(0);
    return HEADER_HEIGHT + rows * ROW_HEIGHT + FOOTER_HEIGHT;
  }

  /** The panel's box; a panel reaching past column 24 (an invalid dashboard) is cut at the right edge. */
  static Rectangle bounds(GridPos pos) {
    int x = Math.min(pos.x(), COLUMNS - 1);
    int w = Math.min(pos.w(), COLUMNS - x);
    return new Rectangle(x * COLUMN_WIDTH + GUTTER, HEADER_HEIGHT + pos.y() * ROW_HEIGHT + GUTTER,
        w * COLUMN_WIDTH - 2 * GUTTER, pos.h() * ROW_HEIGHT - 2 * GUTTER);
  }
}
