package io.docpipe.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric and label a panel, a template variable or an alert uses is one the code emits (PipelineMetrics, after
 * the OTLP-to-Prometheus translation), a CloudWatch metric of external-metrics.yaml, or a recording rule's output. A
 * renamed metric or a typo'd label fails here instead of leaving a panel silently empty.
 */
class CatalogueCoverageTest {
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

  private final List<RuleFiles.Rule> rules = RuleFiles.all();
  private final Catalogue catalogue = Catalogue.load(rules);

  @Test
  void everyPanelQuery_usesOnlyCataloguedMetricsAndTheirLabels() {
    List<String> problems = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (Dashboard d : Dashboard.loadAll(Repo.dashboards())) {
      int queries = 0;
      for (Panel p : d.panels()) {
        for (Query q : p.promQueries()) {
          queries++;
          used.addAll(check(d.file().getFileName() + " '" + p.title() + "' " + q.refId(), q.expr(), true, problems));
        }
      }
      System.out.printf("%-24s %2d panels, %2d PromQL queries checked%n", d.file().getFileName(), d.panels().size(), queries);
    }
    System.out.println("metrics used by the dashboards: " + used);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyTemplateVariableQuery_readsACataloguedLabel() {
    List<String> problems = new ArrayList<>();
    for (Dashboard d : Dashboard.loadAll(Repo.dashboards())) {
      for (Variable v : d.variables()) {
        if (!v.type().equals("query")) continue;
        Matcher m = LABEL_VALUES.matcher(v.query());
        String where = d.file().getFileName() + " $" + v.name();
        if (!m.matches()) {
          problems.add(where + ": expected label_values(<selector>, <label>), was " + v.query());
          continue;
        }
        Set<String> metrics = check(where, m.group(1), true, problems);
        if (metrics.stream().noneMatch(metric -> catalogue.labelsOf(metric).contains(m.group(2)))) {
          problems.add(where + ": no metric of " + metrics + " has label " + m.group(2));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyRule_usesOnlyCataloguedMetricsAndTheirLabels() {
    List<String> problems = new ArrayList<>();
    for (RuleFiles.Rule rule : rules) {
      // A recording rule may hold a constant (a threshold shared by alerts and panels).
      check(rule.file().getFileName() + " " + rule.name(), rule.expr(), rule.alert() != null, problems);
    }
    assertThat(rules).isNotEmpty();
    assertThat(problems).isEmpty();
  }

  /** The check itself: what a renamed metric, a label on the wrong metric or a typo look like. */
  @Test
  void check_reportsUnknownMetrics_labelsOfOtherMetrics_andTypos() {
    List<String> problems = new ArrayList<>();

    check("ok", "sum by (le, stage) (rate(job_stage_duration_seconds_bucket{deployment_environment=\"x\"}[5m]))", true, problems);
    assertThat(problems).isEmpty();

    check("renamed", "rate(jobs_finished_total[5m])", true, problems);
    check("wrong metric", "sum(rate(jobs_failed_total{stage=\"scraping\"}[5m]))", true, problems);
    check("typo", "sum by (failed_stag) (rate(jobs_failed_total[5m]))", true, problems);
    check("no le on a counter", "sum by (le) (rate(jobs_failed_total[5m]))", true, problems);
    check("cloudwatch", "max by (dimension_FunctionName) (aws_lambda_throttles_sum)", true, problems);

    assertThat(problems).containsExactly("renamed: unknown metric jobs_finished_total",
        "wrong metric: jobs_failed_total has no label stage",
        "wrong metric: label stage is on none of [jobs_failed_total]",
        "typo: label failed_stag is on none of [jobs_failed_total]",
        "no le on a counter: label le is on none of [jobs_failed_total]");
  }

  /** Adds what is wrong with one expression to {@code problems}; returns the metrics it uses. */
  private Set<String> check(String where, String expr, boolean needsMetric, List<String> problems) {
    PromQlNames.Use use = PromQlNames.of(expr);
    Set<String> available = new HashSet<>(use.createdLabels());
    for (String metric : use.metrics()) {
      if (!catalogue.knows(metric)) problems.add(where + ": unknown metric " + metric);
      available.addAll(catalogue.labelsOf(metric));
    }
    use.selectorLabels().forEach((metric, labels) -> {
      for (String label : labels) {
        if (catalogue.knows(metric) && !catalogue.labelsOf(metric).contains(label)) {
          problems.add(where + ": " + metric + " has no label " + label);
        }
      }
    });
    for (String label : use.labels()) {
      if (!available.contains(label)) problems.add(where + ": label " + label + " is on none of " + use.metrics());
    }
    if (needsMetric && use.metrics().isEmpty()) problems.add(where + ": no metric in " + expr);
    return use.metrics();
  }
}
