package io.docpipe.dashboards.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;

/** A panel's box and title; what is inside the box below the title is the content area the painters fill. */
final class PanelFrame {
  static final int TITLE_HEIGHT = 26;
  private static final int PADDING = 8;
  private static final int BOTTOM_PADDING = 6;
  private static final int CORNER = 6;

  private PanelFrame() {}

  /** Draws the box and title, and returns the content area. */
  static Rectangle paint(Graphics2D g, Rectangle box, String title) {
    g.setColor(Theme.PANEL);
    g.fillRoundRect(box.x, box.y, box.width, box.height, CORNER, CORNER);
    g.setColor(Theme.BORDER);
    g.drawRoundRect(box.x, box.y, box.width - 1, box.height - 1, CORNER, CORNER);
    g.setFont(Theme.PANEL_TITLE);
    g.setColor(Theme.TEXT);
    Text.left(g, title, box.x + PADDING, box.y + 6 + g.getFontMetrics().getAscent(), box.width - 2 * PADDING);
    return new Rectangle(box.x + PADDING, box.y + TITLE_HEIGHT, box.width - 2 * PADDING,
        Math.max(0, box.height - TITLE_HEIGHT - BOTTOM_PADDING));
  }
}
