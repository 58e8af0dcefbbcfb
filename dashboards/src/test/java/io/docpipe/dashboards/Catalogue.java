package io.docpipe.dashboards;

import io.docpipe.shared.telemetry.Metric;
import io.docpipe.shared.telemetry.PipelineMetrics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every series name a query may use and the labels each carries: the code's catalogue ({@link PipelineMetrics}) as
 * Prometheus names it (histograms as {@code _bucket}, {@code _count}, {@code _sum}), the CloudWatch metrics of
 * {@code external-metrics.yaml}, and the alert files' recording rules.
 */
final class Catalogue {
  /** Labels every series of ours has besides its attributes (resource labels, as docs/metrics.md explains). */
  static final Set<String> RESOURCE_LABELS = Set.of("job", "instance", "deployment_environment", "service_version");

  private final Map<String, Set<String>> labels = new HashMap<>();

  static Catalogue load(List<RuleFiles.Rule> rules) {
    Catalogue c = new Catalogue();
    for (Metric m : PipelineMetrics.all()) {
      Set<String> own = new HashSet<>(m.labels());
      own.addAll(RESOURCE_LABELS);
      if (m.kind() == Metric.Kind.HISTOGRAM) {
        Set<String> buckets = new HashSet<>(own);
        buckets.add("le");
        c.labels.put(m.name() + "_bucket", buckets);
        c.labels.put(m.name() + "_count", own);
        c.labels.put(m.name() + "_sum", own);
      } else {
        c.labels.put(m.name(), own);
      }
    }
    c.labels.putAll(ExternalMetrics.load(Repo.dashboards().resolve("external-metrics.yaml")).labels());
    for (RuleFiles.Rule rule : rules) {
      if (rule.record() == null) continue;
      PromQlNames.Use use = PromQlNames.of(rule.expr());
      Set<String> recorded = new HashSet<>(use.labels());
      recorded.addAll(use.createdLabels());
      recorded.addAll(rule.labels().keySet());
      c.labels.put(rule.record(), recorded);
    }
    return c;
  }

  boolean knows(String metric) {
    return labels.containsKey(metric);
  }

  Set<String> labelsOf(String metric) {
    return labels.getOrDefault(metric, Set.of());
  }
}
