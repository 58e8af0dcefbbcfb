package io.docpipe.dashboards.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;

/** Draws one panel in its box: the frame, then the content its kind calls for, or its note when there is none. */
final class PanelPainter {
  private static final String NO_DATA = "no data";

  private PanelPainter() {}

  static void paint(Graphics2D g, PanelView panel, Rectangle box, TimeAxis time) {
    PanelKind kind = PanelKind.of(panel);
    if (kind == PanelKind.ROW) {
      RowHeader.paint(g, box, panel.title());
      return;
    }
    Rectangle content = PanelFrame.paint(g, box, panel.title());
    boolean hasData = panel.series().stream().anyMatch(Samples::hasData);
    if (kind == PanelKind.TEXT || !hasData) {
      paintNote(g, content, panel.note() != null ? panel.note() : kind == PanelKind.TEXT ? "text panel" : NO_DATA);
      return;
    }
    switch (kind) {
      case CHART -> TimeSeriesChart.paint(g, content, panel, time);
      case STAT -> StatPainter.paint(g, content, panel);
      case TABLE -> TablePainter.paint(g, content, panel);
      default -> throw new IllegalStateException("unhandled panel kind " + kind);
    }
  }

  private static void paintNote(Graphics2D g, Rectangle content, String note) {
    g.setFont(Theme.BODY);
    g.setColor(Theme.MUTED);
    Text.centered(g, note, content);
  }
}
