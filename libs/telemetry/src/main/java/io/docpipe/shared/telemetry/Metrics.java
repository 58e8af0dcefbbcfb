package io.docpipe.shared.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the metrics of {@link PipelineMetrics}. Label values are given in the order the catalogue names the labels.
 * Instruments are created on first use, so a function pays only for the metrics it records. A call that does not fit
 * the catalogue (wrong kind, wrong number of labels) is a bug, but telemetry never breaks the caller: it is dropped
 * and logged once.
 */
public final class Metrics {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

  private final Meter meter;
  private final Map<Metric, Object> instruments = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  Metrics(Meter meter) {
    this.meter = meter;
  }

  /** Adds {@code value} to a counter. */
  public void add(Metric metric, long value, String... labels) {
    if (check(metric, Metric.Kind.COUNTER, labels)) ((LongCounter) instrument(metric)).add(value, attributes(metric, labels));
  }

  /** Records one observation into a histogram. */
  public void record(Metric metric, double value, String... labels) {
    if (check(metric, Metric.Kind.HISTOGRAM, labels)) ((DoubleHistogram) instrument(metric)).record(value, attributes(metric, labels));
  }

  /** Records seconds since {@code startNanos} (from {@link System#nanoTime()}) into a histogram measured in s. */
  public void recordSince(Metric metric, long startNanos, String... labels) {
    record(metric, (System.nanoTime() - startNanos) / 1e9, labels);
  }

  /** Sets a gauge's current value. */
  public void set(Metric metric, double value, String... labels) {
    if (check(metric, Metric.Kind.GAUGE, labels)) ((DoubleGauge) instrument(metric)).set(value, attributes(metric, labels));
  }

  private Object instrument(Metric m) {
    return instruments.computeIfAbsent(m, k -> switch (k.kind()) {
      case COUNTER -> meter.counterBuilder(k.name()).setUnit(k.unit()).setDescription(k.description()).build();
      case HISTOGRAM -> meter.histogramBuilder(k.name()).setUnit(k.unit()).setDescription(k.description())
          .setExplicitBucketBoundariesAdvice(k.buckets()).build();
      case GAUGE -> meter.gaugeBuilder(k.name()).setUnit(k.unit()).setDescription(k.description()).build();
    });
  }

  private boolean check(Metric metric, Metric.Kind kind, String[] labels) {
    if (metric.kind() == kind && metric.labels().size() == labels.length) return true;
    if (reported.add(metric.name())) {
      LOG.error("metric {} is a {} with labels {}, recorded as a {} with {} label values; dropped", metric.name(),
          metric.kind(), metric.labels(), kind, labels.length);
    }
    return false;
  }

  private static Attributes attributes(Metric metric, String[] values) {
    if (values.length == 0) return Attributes.empty();
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < values.length; i++) {
      b.put(AttributeKey.stringKey(metric.labels().get(i)), values[i] == null ? "unknown" : values[i]);
    }
    return b.build();
  }
}
