package io.docpipe.shared.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Span and log processors that keep what ended and export it all, in one request, when the flush asks, on the
 * flushing thread. The SDK's batch processors do the same through a worker thread: at the end of every invocation the
 * flush handed over to that worker and waited for it to wake up, a scheduling wait on two busy cores. In Lambda
 * nothing else would export anyway (the environment is frozen between invocations).
 */
final class FlushOnlyProcessors {
  /** As the SDK's batch processors' default queue: beyond it an item is dropped and counted. */
  static final int MAX_PENDING = 2048;

  private FlushOnlyProcessors() {}

  /** What ended since the last flush, bounded. */
  static final class Pending<T> {
    private final String signal;
    private final ExportFailures failures;
    private final Function<Collection<T>, CompletableResultCode> export;
    private ArrayList<T> items = new ArrayList<>();
    private int dropped;

    Pending(String signal, ExportFailures failures, Function<Collection<T>, CompletableResultCode> export) {
      this.signal = signal;
      this.failures = failures;
      this.export = export;
    }

    synchronized void add(T item) {
      if (items.size() >= MAX_PENDING) dropped++;
      else items.add(item);
    }

    /** Exports everything pending; nothing pending is no request at all. */
    CompletableResultCode flush() {
      List<T> batch;
      int lost;
      synchronized (this) {
        batch = items;
        lost = dropped;
        items = new ArrayList<>();
        dropped = 0;
      }
      if (lost > 0) failures.failed(signal, new IllegalStateException(lost + " items dropped: over " + MAX_PENDING + " pending"));
      return batch.isEmpty() ? CompletableResultCode.ofSuccess() : export.apply(batch);
    }
  }

  static final class Spans implements SpanProcessor {
    private final SpanExporter exporter;
    private final Pending<SpanData> pending;

    Spans(SpanExporter exporter, ExportFailures failures) {
      this.exporter = exporter;
      this.pending = new Pending<>("traces", failures, exporter::export);
    }

    @Override public void onStart(Context parent, ReadWriteSpan span) {}
    @Override public boolean isStartRequired() { return false; }
    @Override public boolean isEndRequired() { return true; }

    @Override
    public void onEnd(ReadableSpan span) {
      if (span.getSpanContext().isSampled()) pending.add(span.toSpanData());
    }

    @Override
    public CompletableResultCode forceFlush() {
      return pending.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofAll(List.of(forceFlush(), exporter.shutdown()));
    }
  }

  static final class Logs implements LogRecordProcessor {
    private final LogRecordExporter exporter;
    private final Pending<LogRecordData> pending;

    Logs(LogRecordExporter exporter, ExportFailures failures) {
      this.exporter = exporter;
      this.pending = new Pending<>("logs", failures, exporter::export);
    }

    @Override
    public void onEmit(Context context, ReadWriteLogRecord record) {
      pending.add(record.toLogRecordData());
    }

    @Override
    public CompletableResultCode forceFlush() {
      return pending.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofAll(List.of(forceFlush(), exporter.shutdown()));
    }
  }
}
