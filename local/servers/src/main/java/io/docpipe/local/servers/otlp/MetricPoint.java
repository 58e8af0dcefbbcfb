package io.docpipe.local.servers.otlp;

import java.util.List;
import java.util.Map;

/**
 * One metric data point with its metric's metadata, flattened so that it is one line of {@code metrics.jsonl} and one
 * input to {@link MetricStore}. Fields a type does not use are null: {@code value} for gauges and sums,
 * {@code explicitBounds}/{@code bucketCounts} (per bucket, not cumulative) for histograms, {@code quantiles} for
 * summaries, {@code sum}/{@code count} for the three distribution types.
 */
record MetricPoint(
    String name,
    String description,
    String unit,
    Type type,
    Boolean monotonic,
    String temporality,
    String service,
    long timeEpochNanos,
    Map<String, Object> attributes,
    Map<String, Object> resourceAttributes,
    boolean noRecordedValue,
    Double value,
    List<Double> explicitBounds,
    List<Long> bucketCounts,
    Map<Double, Double> quantiles,
    Double sum,
    Long count) {

  enum Type { GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

  boolean cumulative() {
    return "CUMULATIVE".equals(temporality);
  }

  /** Whether {@code other} carries the same value and description, whenever it was taken. */
  boolean sameValueAs(MetricPoint other) {
    return withTime(0).equals(other.withTime(0));
  }

  private MetricPoint withTime(long time) {
    return new MetricPoint(name, description, unit, type, monotonic, temporality, service, time, attributes,
        resourceAttributes, noRecordedValue, value, explicitBounds, bucketCounts, quantiles, sum, count);
  }
}
