package io.docpipe.local.servers.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flattens an OTLP metrics request into one {@link MetricPoint} per data point. */
final class MetricDecoder {
  private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;

  private MetricDecoder() {}

  static List<MetricPoint> points(ExportMetricsServiceRequest request) {
    List<MetricPoint> points = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource = OtlpDecoder.attributes(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) new Decoding(metric, resource, points).run();
      }
    }
    return points;
  }

  /** The fields every point of one metric shares, so each case below names only what differs. */
  private record Decoding(Metric metric, Map<String, Object> resource, List<MetricPoint> out) {
    void run() {
      switch (metric.getDataCase()) {
        case GAUGE -> metric.getGauge().getDataPointsList()
            .forEach(p -> number(MetricPoint.Type.GAUGE, null, null, p));
        case SUM -> metric.getSum().getDataPointsList().forEach(p -> number(MetricPoint.Type.SUM,
            metric.getSum().getIsMonotonic(), temporality(metric.getSum().getAggregationTemporality()), p));
        case HISTOGRAM -> metric.getHistogram().getDataPointsList()
            .forEach(p -> histogram(temporality(metric.getHistogram().getAggregationTemporality()), p));
        case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().forEach(p ->
            exponential(temporality(metric.getExponentialHistogram().getAggregationTemporality()), p));
        case SUMMARY -> metric.getSummary().getDataPointsList().forEach(this::summary);
        default -> { } // no data: nothing to keep
      }
    }

    private void number(MetricPoint.Type type, Boolean monotonic, String temporality, NumberDataPoint p) {
      double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
      out.add(point(type, monotonic, temporality, p.getTimeUnixNano(), p.getAttributesList(), p.getFlags(),
          value, null, null, null, null, null));
    }

    private void histogram(String temporality, HistogramDataPoint p) {
      out.add(point(MetricPoint.Type.HISTOGRAM, null, temporality, p.getTimeUnixNano(), p.getAttributesList(),
          p.getFlags(), null, List.copyOf(p.getExplicitBoundsList()), List.copyOf(p.getBucketCountsList()), null,
          p.hasSum() ? p.getSum() : null, p.getCount()));
    }

    /** Kept for {@code metrics.jsonl} with count and sum only; the text format has no exponential buckets. */
    private void exponential(String temporality, ExponentialHistogramDataPoint p) {
      out.add(point(MetricPoint.Type.EXPONENTIAL_HISTOGRAM, null, temporality, p.getTimeUnixNano(),
          p.getAttributesList(), p.getFlags(), null, null, null, null, p.hasSum() ? p.getSum() : null, p.getCount()));
    }

    private void summary(SummaryDataPoint p) {
      Map<Double, Double> quantiles = new LinkedHashMap<>();
      p.getQuantileValuesList().forEach(q -> quantiles.put(q.getQuantile(), q.getValue()));
      out.add(point(MetricPoint.Type.SUMMARY, null, null, p.getTimeUnixNano(), p.getAttributesList(), p.getFlags(),
          null, null, null, quantiles, p.getSum(), p.getCount()));
    }

    private MetricPoint point(MetricPoint.Type type, Boolean monotonic, String temporality, long time,
        List<io.opentelemetry.proto.common.v1.KeyValue> attributes, int flags, Double value, List<Double> bounds,
        List<Long> counts, Map<Double, Double> quantiles, Double sum, Long count) {
      return new MetricPoint(metric.getName(), metric.getDescription(), metric.getUnit(), type, monotonic,
          temporality, OtlpDecoder.service(resource), time, OtlpDecoder.attributes(attributes), resource,
          (flags & NO_RECORDED_VALUE) != 0, value, bounds, counts, quantiles, sum, count);
    }
  }

  private static String temporality(AggregationTemporality temporality) {
    return switch (temporality) {
      case AGGREGATION_TEMPORALITY_CUMULATIVE -> "CUMULATIVE";
      case AGGREGATION_TEMPORALITY_DELTA -> "DELTA";
      default -> "UNSPECIFIED";
    };
  }
}
