package io.docpipe.dashboards.render;

import java.awt.Graphics2D;
import java.util.Optional;

/** The band above the grid: the dashboard's title, and on the right the time range its charts show. */
final class TitleBar {
  private static final int MARGIN = 10;

  private TitleBar() {}

  static void paint(Graphics2D g, String title, Optional<TimeAxis> time) {
    int baseline = GridLayout.HEADER_HEIGHT / 2 + 7;
    int rangeWidth = 0;
    if (time.isPresent()) {
      g.setFont(Theme.BODY);
      g.setColor(Theme.MUTED);
      String range = time.get().describe();
      rangeWidth = g.getFontMetrics().stringWidth(range) + 2 * MARGIN;
      g.drawString(range, GridLayout.WIDTH - rangeWidth + MARGIN, baseline);
    }
    g.setFont(Theme.DASHBOARD_TITLE);
    g.setColor(Theme.TEXT);
    Text.left(g, title, MARGIN, baseline, GridLayout.WIDTH - rangeWidth - 2 * MARGIN);
  }
}
