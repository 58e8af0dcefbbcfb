package io.docpipe.dashboards.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Renders an evaluated dashboard to one PNG laid out like Grafana: panels on the 24-column grid at their
 * {@code gridPos} (60 px per column, so 1440 px wide, and 30 px per grid row), in a dark theme, under the dashboard's
 * title and the time range its charts cover. Needs no display: it runs headless.
 */
public final class DashboardImage {
  static {
    // Before any AWT class is touched: a server or CI runner has no display, and AWT must not look for one.
    System.setProperty("java.awt.headless", "true");
  }

  private DashboardImage() {}

  public static BufferedImage render(RenderedDashboard dashboard) {
    Objects.requireNonNull(dashboard, "dashboard");
    BufferedImage image = new BufferedImage(GridLayout.WIDTH, GridLayout.height(dashboard.panels()),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Theme.BACKGROUND);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      Optional<TimeAxis> time = TimeAxis.spanning(dashboard.panels());
      TitleBar.paint(g, dashboard.title(), time);
      TimeAxis chartTime = time.orElseGet(() -> new TimeAxis(0, 0));
      for (PanelView panel : dashboard.panels()) {
        Rectangle box = GridLayout.bounds(panel.gridPos());
        Graphics2D panelGraphics = (Graphics2D) g.create();
        try {
          panelGraphics.clip(box);
          PanelPainter.paint(panelGraphics, panel, box, chartTime);
        } finally {
          panelGraphics.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Renders the dashboard and writes it as a PNG, creating the parent directories. */
  public static void write(RenderedDashboard dashboard, Path png) throws IOException {
    Objects.requireNonNull(png, "png");
    BufferedImage image = render(dashboard);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer in this JVM");
  }
}
