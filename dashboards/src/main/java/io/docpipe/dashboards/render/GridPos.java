package io.docpipe.dashboards.render;

/**
 * A panel's place on Grafana's 24-column grid, as in the dashboard JSON's {@code gridPos}: {@code x} and {@code w} in
 * columns, {@code y} and {@code h} in grid rows.
 */
public record GridPos(int x, int y, int w, int h) {
  public GridPos {
    if (x < 0 || y < 0) throw new IllegalArgumentException("gridPos x and y must be >= 0, got x=" + x + " y=" + y);
    if (w < 1 || h < 1) throw new IllegalArgumentException("gridPos w and h must be >= 1, got w=" + w + " h=" + h);
  }
}
