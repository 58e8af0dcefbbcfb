package io.docpipe.shared.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.List;

/**
 * Telemetry over in-memory exporters. Spans and logs go through batch processors whose timers never fire, as in
 * production, so they reach the exporters only when something flushes: a test can tell whether the flush ran.
 */
public final class TestTelemetry {
  public final InMemorySpanExporter spans = InMemorySpanExporter.create();
  public final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  public final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  public final OpenTelemetrySdk sdk;
  public final Telemetry telemetry;

  public TestTelemetry(String service) {
    Duration never = Duration.ofDays(1);
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(spans).setScheduleDelay(never).build()).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setLoggerProvider(SdkLoggerProvider.builder()
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(logs).setScheduleDelay(never).build()).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    telemetry = Telemetry.of(service, sdk);
  }

  public List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  public SpanData span(String name) {
    return finished().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + finished().stream().map(SpanData::getName).toList()));
  }

  /** The value of a counter's point with exactly these attributes; 0 when there is none. */
  public long counter(Metric metric, Attributes attributes) {
    return points(metric).stream().filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(p -> ((io.opentelemetry.sdk.metrics.data.LongPointData) p).getValue()).sum();
  }

  /** How many observations a histogram has with exactly these attributes. */
  public long histogramCount(Metric metric, Attributes attributes) {
    return points(metric).stream().filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(p -> ((HistogramPointData) p).getCount()).sum();
  }

  public List<? extends PointData> points(Metric metric) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(metric.name()))
        .<PointData>flatMap(m -> (java.util.stream.Stream<PointData>) m.getData().getPoints().stream()).toList();
  }

  public MetricData metric(Metric metric) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(metric.name())).findFirst().orElseThrow();
  }
}
