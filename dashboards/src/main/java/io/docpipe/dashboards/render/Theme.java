package io.docpipe.dashboards.render;

import java.awt.Color;
import java.awt.Font;

/** Grafana's dark theme, near enough: colours, the series palette and the fonts (the logical "SansSerif"). */
final class Theme {
  static final Color BACKGROUND = new Color(0x111217);
  static final Color PANEL = new Color(0x181B1F);
  static final Color BORDER = new Color(0x2C3036);
  static final Color GRID = new Color(0x25282D);
  static final Color TEXT = new Color(0xD8D9DA);
  static final Color MUTED = new Color(0x8E909A);
  static final Color TABLE_HEADER = new Color(0x22252B);

  static final Font DASHBOARD_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  static final Font ROW_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  /** More series than this are left out of a chart (the legend says how many); the palette has as many colours. */
  static final int MAX_SERIES = 8;

  // Grafana's classic palette, reordered so neighbours differ in hue.
  private static final Color[] SERIES = {
      new Color(0x73BF69), new Color(0xFADE2A), new Color(0x5794F2), new Color(0xFF9830),
      new Color(0xF2495C), new Color(0xB877D9), new Color(0x6ED0E0), new Color(0xFF85C0)};

  private Theme() {}

  static Color series(int index) {
    return SERIES[index % SERIES.length];
  }

  static Font font(int style, float size) {
    return new Font(Font.SANS_SERIF, style, 1).deriveFont(size);
  }
}
