package io.docpipe.shared.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DelegatingMetricData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decorators of the OTLP exporters that (1) stamp each exported item with {@link InstanceResource}'s resource, and
 * (2) turn any failure, thrown or reported, into a count in {@link ExportFailures}: telemetry never throws into the
 * caller and never logs once per invocation.
 */
final class GuardedExporters {
  private GuardedExporters() {}

  static CompletableResultCode guard(String signal, ExportFailures failures, Supplier<CompletableResultCode> export) {
    try {
      CompletableResultCode result = export.get();
      result.whenComplete(() -> {
        if (!result.isSuccess()) failures.failed(signal, result.getFailureThrowable());
      });
      return result;
    } catch (RuntimeException | LinkageError e) {
      failures.failed(signal, e);
      return CompletableResultCode.ofFailure();
    }
  }

  static <T> Collection<T> restamp(Collection<T> items, Function<T, T> wrap) {
    return items.stream().map(wrap).toList();
  }

  record SpanGuard(SpanExporter delegate, InstanceResource resource, ExportFailures failures) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      Resource r = resource.get();
      return guard("traces", failures, () -> delegate.export(restamp(spans, s -> new DelegatingSpanData(s) {
        @Override
        public Resource getResource() {
          return r;
        }
      })));
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  record MetricGuard(MetricExporter delegate, InstanceResource resource, ExportFailures failures) implements MetricExporter {
    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      Resource r = resource.get();
      return guard("metrics", failures, () -> delegate.export(restamp(metrics, m -> new DelegatingMetricData(m) {
        @Override
        public Resource getResource() {
          return r;
        }
      })));
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return delegate.getAggregationTemporality(type);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType type) {
      return delegate.getDefaultAggregation(type);
    }

    @Override
    public MemoryMode getMemoryMode() {
      // Restamping wraps each item, which reusable (mutable, recycled) data would not survive.
      return MemoryMode.IMMUTABLE_DATA;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  record LogGuard(LogRecordExporter delegate, InstanceResource resource, ExportFailures failures) implements LogRecordExporter {
    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      Resource r = resource.get();
      return guard("logs", failures, () -> delegate.export(restamp(logs, l -> new Restamped(l, r))));
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  /** The SDK has no delegating log record; this is one. */
  record Restamped(LogRecordData d, Resource resource) implements LogRecordData {
    @Override public Resource getResource() { return resource; }
    @Override public InstrumentationScopeInfo getInstrumentationScopeInfo() { return d.getInstrumentationScopeInfo(); }
    @Override public long getTimestampEpochNanos() { return d.getTimestampEpochNanos(); }
    @Override public long getObservedTimestampEpochNanos() { return d.getObservedTimestampEpochNanos(); }
    @Override public SpanContext getSpanContext() { return d.getSpanContext(); }
    @Override public Severity getSeverity() { return d.getSeverity(); }
    @Override public String getSeverityText() { return d.getSeverityText(); }
    @SuppressWarnings("deprecation")
    @Override public Body getBody() { return d.getBody(); }
    @Override public Value<?> getBodyValue() { return d.getBodyValue(); }
    @Override public Attributes getAttributes() { return d.getAttributes(); }
    @Override public int getTotalAttributeCount() { return d.getTotalAttributeCount(); }
    @Override public String getEventName() { return d.getEventName(); }
  }
}
