package io.docpipe.dashboards.render;

import java.util.List;

/** A dashboard whose panels have been evaluated, ready for {@link DashboardImage}. */
public record RenderedDashboard(String title, List<PanelView> panels) {
  public RenderedDashboard {
    title = title == null ? "" : title;
    panels = panels == null ? List.of() : List.copyOf(panels);
  }
}
