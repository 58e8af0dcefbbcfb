package io.docpipe.dashboards.render;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart's legend: a colour swatch and the (cut) name of each drawn series, flowing over at most a few lines, then
 * "+N more" for the series that did not fit or were not drawn.
 */
final class Legend {
  static final int LINE_HEIGHT = 16;
  private static final int SWATCH = 12;
  private static final int GAP = 14;
  private static final int MAX_NAME_WIDTH = 240;

  /** Where each item goes, relative to the legend's top-left corner. */
  record Layout(List<Item> items, String more, int moreX, int lines) {
    int height() {
      return lines * LINE_HEIGHT;
    }
  }

  record Item(int series, String label, int x, int line) {}

  static final Layout NONE = new Layout(List.of(), "", 0, 0);

  private Legend() {}

  /**
   * @param names the drawn series, in palette order
   * @param total how many series the panel has; those past {@code names} are counted in "+N more"
   */
  static Layout layout(FontMetrics metrics, List<String> names, int total, int width, int maxLines) {
    boolean unnamedSingle = total == 1 && names.size() == 1 && names.getFirst().isEmpty();
    if (maxLines < 1 || total == 0 || unnamedSingle) return NONE;
    int nameWidth = Math.min(MAX_NAME_WIDTH, width / 2);
    List<Item> items = new ArrayList<>();
    int x = 0;
    int line = 0;
    for (int i = 0; i < names.size(); i++) {
      String label = Text.fit(names.get(i).isEmpty() ? "{}" : names.get(i), metrics, nameWidth);
      int w = SWATCH + 4 + metrics.stringWidth(label);
      if (x > 0 && x + w > width) {
        line++;
        x = 0;
      }
      if (line >= maxLines) break;
      items.add(new Item(i, label, x, line));
      x += w + GAP;
    }
    String more = "";
    int moreX = 0;
    while (total > items.size()) {
      more = "+" + (total - items.size()) + " more";
      Item last = items.isEmpty() ? null : items.getLast();
      moreX = last == null ? 0 : last.x() + SWATCH + 4 + metrics.stringWidth(last.label()) + GAP;
      if (last == null || moreX + metrics.stringWidth(more) <= width) break;
      items.removeLast();
    }
    int lines = items.isEmpty() ? 1 : items.getLast().line() + 1;
    return new Layout(items, more, moreX, lines);
  }

  static void paint(Graphics2D g, Layout layout, int left, int top) {
    FontMetrics metrics = g.getFontMetrics();
    int lastLine = Math.max(0, layout.lines() - 1);
    for (Item item : layout.items()) {
      int y = top + item.line() * LINE_HEIGHT;
      g.setColor(Theme.series(item.series()));
      g.fillRect(left + item.x(), y + LINE_HEIGHT / 2 - 1, SWATCH, 3);
      g.setColor(Theme.TEXT);
      g.drawString(item.label(), left + item.x() + SWATCH + 4, y + (LINE_HEIGHT + metrics.getAscent()) / 2 - 1);
    }
    if (!layout.more().isEmpty()) {
      g.setColor(Theme.MUTED);
      int y = top + lastLine * LINE_HEIGHT;
      g.drawString(layout.more(), left + layout.moreX(), y + (LINE_HEIGHT + metrics.getAscent()) / 2 - 1);
    }
  }
}
