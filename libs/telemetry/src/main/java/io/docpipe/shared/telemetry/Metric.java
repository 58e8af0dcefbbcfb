package io.docpipe.shared.telemetry;

import java.util.List;

/**
 * One metric of {@link PipelineMetrics}: its name exactly as Prometheus/Mimir shows it, its OpenTelemetry unit, the
 * label names (metric attribute keys) in the order {@link Metrics} takes their values, and for histograms the bucket
 * boundaries.
 *
 * @param recordedBy which functions record it, for docs/metrics.md
 */
public record Metric(String name, Kind kind, String unit, List<String> labels, List<Double> buckets, String recordedBy,
    String description) {

  public enum Kind { COUNTER, HISTOGRAM, GAUGE }

  public Metric {
    labels = List.copyOf(labels);
    buckets = List.copyOf(buckets);
    if ((kind == Kind.HISTOGRAM) == buckets.isEmpty()) {
      throw new IllegalArgumentException(name + ": histograms, and only histograms, have buckets");
    }
    // The translation appends _ratio to gauges measured in "1", which would rename them.
    if (unit.equals("1")) throw new IllegalArgumentException(name + ": use an {annotation} unit instead of 1");
  }
}
