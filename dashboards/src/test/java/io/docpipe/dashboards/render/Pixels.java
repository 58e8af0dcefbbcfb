package io.docpipe.dashboards.render;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Reading a rendered image back: which pixels have (nearly) a colour, which differ from a background. */
final class Pixels {
  /** Antialiased edges blend with the background; a pixel this close (sum of channel differences) counts. */
  private static final int TOLERANCE = 60;

  private Pixels() {}

  static boolean near(BufferedImage image, int x, int y, Color color) {
    Color c = new Color(image.getRGB(x, y));
    return Math.abs(c.getRed() - color.getRed()) + Math.abs(c.getGreen() - color.getGreen())
        + Math.abs(c.getBlue() - color.getBlue()) <= TOLERANCE;
  }

  /** Rows of column {@code x}, between {@code top} and {@code bottom} (exclusive), with the colour. */
  static List<Integer> rowsWith(BufferedImage image, int x, int top, int bottom, Color color) {
    List<Integer> rows = new ArrayList<>();
    for (int y = top; y < bottom; y++) if (near(image, x, y, color)) rows.add(y);
    return rows;
  }

  /** Columns of the area that have the colour in at least one row. */
  static List<Integer> columnsWith(BufferedImage image, Rectangle area, Color color) {
    List<Integer> columns = new ArrayList<>();
    for (int x = area.x; x < area.x + area.width; x++) {
      if (!rowsWith(image, x, area.y, area.y + area.height, color).isEmpty()) columns.add(x);
    }
    return columns;
  }

  static int count(BufferedImage image, Rectangle area, Color color) {
    int n = 0;
    for (int x = area.x; x < area.x + area.width; x++) {
      n += rowsWith(image, x, area.y, area.y + area.height, color).size();
    }
    return n;
  }

  static int countDifferent(BufferedImage image, Rectangle area, Color background) {
    int rgb = background.getRGB() & 0xFFFFFF;
    int n = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != rgb) n++;
      }
    }
    return n;
  }

  static double mean(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).average().orElseThrow();
  }
}
