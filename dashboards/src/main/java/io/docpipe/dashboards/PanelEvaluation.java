package io.docpipe.dashboards;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every PromQL target of a dashboard, its template variables substituted, as a range query over one window:
 * what Grafana would draw for that window. Loki and Tempo targets are listed, not run (no Loki or Tempo locally).
 */
public final class PanelEvaluation {
  /** Where a target's data comes from, which decides whether a local run can have it. */
  public enum Source { PIPELINE, CLOUDWATCH, LOKI, TEMPO }

  /** One target's outcome; {@code error} is Prometheus' message when it refused the query. */
  public record Result(Dashboard dashboard, Map<String, String> variables, Panel panel, Query query, Source source,
      String expr, List<PrometheusApi.Series> series, String error) {

    public long seriesWithData() {
      return series.stream().filter(s -> s.finiteSamples() > 0).count();
    }
  }

  private final PrometheusApi prometheus;
  private final ExternalMetrics external;
  private final Map<String, String> given;

  /**
   * @param given values for variables and built-ins ({@code __rate_interval}, {@code __range}, ...) that win over the
   *     dashboard's own
   */
  public PanelEvaluation(PrometheusApi prometheus, ExternalMetrics external, Map<String, String> given) {
    this.prometheus = prometheus;
    this.external = external;
    this.given = given;
  }

  public List<Result> evaluate(Dashboard dashboard, Instant start, Instant end, Duration step) throws IOException {
    Map<String, String> values = TemplateValues.resolve(dashboard, given, prometheus);
    List<Result> results = new ArrayList<>();
    for (Panel panel : dashboard.panels()) {
      for (Query query : panel.queries()) {
        if (query.hidden()) continue;
        String expr = TemplateValues.substitute(query.expr(), values);
        Source source = source(query);
        if (source != Source.PIPELINE && source != Source.CLOUDWATCH) {
          results.add(new Result(dashboard, values, panel, query, source, expr, List.of(), null));
          continue;
        }
        try {
          results.add(new Result(dashboard, values, panel, query, source, expr,
              prometheus.queryRange(expr, start, end, step), null));
        } catch (PrometheusApi.QueryException refused) {
          results.add(new Result(dashboard, values, panel, query, source, expr, List.of(), refused.getMessage()));
        }
      }
    }
    return results;
  }

  private Source source(Query query) {
    return switch (query.language()) {
      case LOGQL -> Source.LOKI;
      case TRACEQL -> Source.TEMPO;
      default -> {
        var metrics = PromQlNames.of(query.expr()).metrics();
        yield !metrics.isEmpty() && metrics.stream().allMatch(external::contains) ? Source.CLOUDWATCH : Source.PIPELINE;
      }
    };
  }
}
