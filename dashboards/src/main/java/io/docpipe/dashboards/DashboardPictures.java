package io.docpipe.dashboards;

import io.docpipe.dashboards.render.DashboardImage;
import io.docpipe.dashboards.render.GridPos;
import io.docpipe.dashboards.render.PanelView;
import io.docpipe.dashboards.render.Point;
import io.docpipe.dashboards.render.RenderedDashboard;
import io.docpipe.dashboards.render.SeriesView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns evaluated panels into PNG pictures, one per dashboard, so a reviewer can look without a Grafana server. */
public final class DashboardPictures {
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  private DashboardPictures() {}

  /** Writes {@code <uid>.png} into {@code folder} for each dashboard of {@code results}; returns the files. */
  public static List<Path> write(List<PanelEvaluation.Result> results, Path folder) throws IOException {
    Map<Dashboard, List<PanelEvaluation.Result>> byDashboard = new LinkedHashMap<>();
    results.forEach(r -> byDashboard.computeIfAbsent(r.dashboard(), d -> new ArrayList<>()).add(r));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<Dashboard, List<PanelEvaluation.Result>> e : byDashboard.entrySet()) {
      Path file = folder.resolve(e.getKey().uid() + ".png");
      DashboardImage.write(picture(e.getKey(), e.getValue()), file);
      files.add(file);
    }
    return files;
  }

  static RenderedDashboard picture(Dashboard dashboard, List<PanelEvaluation.Result> results) {
    Map<String, String> variables = results.isEmpty() ? Map.of() : results.getFirst().variables();
    List<PanelView> panels = new ArrayList<>();
    for (Panel panel : dashboard.panels()) {
      if (panel.gridPos() == null) continue;
      List<SeriesView> series = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (PanelEvaluation.Result r : results) {
        if (r.panel() != panel) continue;
        if (r.error() != null) notes.add("query refused: " + r.error());
        String note = note(r.source());
        if (note != null && !notes.contains(note)) notes.add(note);
        for (PrometheusApi.Series s : r.series()) series.add(series(r.query(), s));
      }
      Panel.GridPos g = panel.gridPos();
      panels.add(new PanelView(TemplateValues.substitute(panel.title(), variables), panel.type(),
          new GridPos(g.x(), g.y(), g.w(), g.h()), panel.unit(), series, notes.isEmpty() ? null : String.join("; ", notes)));
    }
    return new RenderedDashboard(dashboard.title() + " (local run)", panels);
  }

  private static String note(PanelEvaluation.Source source) {
    return switch (source) {
      case LOKI -> "Loki query: not evaluated locally";
      case TEMPO -> "Tempo query: not evaluated locally";
      case CLOUDWATCH -> "CloudWatch metric (Grafana Cloud AWS integration): not available locally";
      case PIPELINE -> null;
    };
  }

  private static SeriesView series(Query query, PrometheusApi.Series s) {
    List<Point> points = s.samples().stream().map(p -> new Point(p.epochMillis(), p.value())).toList();
    return new SeriesView(legend(query.legendFormat(), s.labels()), points);
  }

  /** Grafana's legend format: {@code {{label}}} replaced by the series' value; without one, the labels. */
  static String legend(String format, Map<String, String> labels) {
    if (format == null || format.isBlank() || format.equals("__auto")) return labels.toString();
    Matcher m = LEGEND_LABEL.matcher(format);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
    return m.appendTail(out).toString();
  }
}
