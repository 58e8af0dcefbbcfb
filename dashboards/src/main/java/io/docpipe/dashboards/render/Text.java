package io.docpipe.dashboards.render;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;

/** Drawing one line of text in the graphics' current font and colour, cut with an ellipsis to the space it has. */
final class Text {
  private static final String ELLIPSIS = "…";

  private Text() {}

  static String fit(String text, FontMetrics metrics, int maxWidth) {
    if (metrics.stringWidth(text) <= maxWidth) return text;
    int end = text.length();
    while (end > 0 && metrics.stringWidth(text.substring(0, end) + ELLIPSIS) > maxWidth) end--;
    return end == 0 ? "" : text.substring(0, end) + ELLIPSIS;
  }

  static void left(Graphics2D g, String text, int x, int baseline, int maxWidth) {
    g.drawString(fit(text, g.getFontMetrics(), maxWidth), x, baseline);
  }

  static void right(Graphics2D g, String text, int rightX, int baseline, int maxWidth) {
    String fitted = fit(text, g.getFontMetrics(), maxWidth);
    g.drawString(fitted, rightX - g.getFontMetrics().stringWidth(fitted), baseline);
  }

  /** Centred horizontally at {@code centerX}, with its baseline where a line of this font sits centred on centerY. */
  static void centered(Graphics2D g, String text, int centerX, int centerY, int maxWidth) {
    FontMetrics metrics = g.getFontMetrics();
    String fitted = fit(text, metrics, maxWidth);
    int baseline = centerY + (metrics.getAscent() - metrics.getDescent()) / 2;
    g.drawString(fitted, centerX - metrics.stringWidth(fitted) / 2, baseline);
  }

  static void centered(Graphics2D g, String text, Rectangle area) {
    centered(g, text, (int) area.getCenterX(), (int) area.getCenterY(), area.width);
  }
}
