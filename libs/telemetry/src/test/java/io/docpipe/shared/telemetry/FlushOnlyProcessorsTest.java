package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlushOnlyProcessorsTest {
  private final ExportFailures failures = new ExportFailures("test");

  @Test
  void forceFlush_endedSpans_exportedTogetherOnce_onlyWhenFlushed() {
    CountingExporter exporter = new CountingExporter();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(new FlushOnlyProcessors.Spans(exporter, failures)).build();
    Tracer tracer = provider.get("test");
    tracer.spanBuilder("a").startSpan().end();
    tracer.spanBuilder("b").startSpan().end();

    int beforeFlush = exporter.spans.size();
    CompletableResultCode result = provider.forceFlush();
    provider.forceFlush();

    assertThat(beforeFlush).isZero();
    assertThat(result.isSuccess()).isTrue();
    assertThat(exporter.batches).as("one request for both, none for an empty flush").hasValue(1);
    assertThat(exporter.spans).extracting(SpanData::getName).containsExactly("a", "b");
  }

  @Test
  void forceFlush_spansEndingConcurrently_noneLostOrDuplicated() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(new FlushOnlyProcessors.Spans(exporter, failures)).build();
    Tracer tracer = provider.get("test");
    int threads = 4;
    int perThread = 500;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread.ofPlatform().start(() -> {
        for (int i = 0; i < perThread; i++) tracer.spanBuilder("s").startSpan().end();
        done.countDown();
      });
    }

    while (!done.await(1, TimeUnit.MILLISECONDS)) provider.forceFlush();
    provider.forceFlush();

    assertThat(exporter.getFinishedSpanItems()).hasSize(threads * perThread)
        .extracting(s -> s.getSpanContext().getSpanId()).doesNotHaveDuplicates();
    assertThat(failures.count()).isZero();
  }

  @Test
  void forceFlush_morePendingThanTheCap_dropsTheRest_andCountsOnce() {
    CountingExporter exporter = new CountingExporter();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(new FlushOnlyProcessors.Spans(exporter, failures)).build();
    Tracer tracer = provider.get("test");
    for (int i = 0; i < FlushOnlyProcessors.MAX_PENDING + 3; i++) tracer.spanBuilder("s").startSpan().end();

    provider.forceFlush();

    assertThat(exporter.spans).hasSize(FlushOnlyProcessors.MAX_PENDING);
    assertThat(failures.count()).isEqualTo(1);
  }

  @Test
  void forceFlush_emittedLogs_exportedWhenFlushed() {
    InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
    SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .addLogRecordProcessor(new FlushOnlyProcessors.Logs(exporter, failures)).build();
    Logger logger = provider.get("test");
    logger.logRecordBuilder().setBody("one").emit();

    int beforeFlush = exporter.getFinishedLogRecordItems().size();
    provider.forceFlush();

    assertThat(beforeFlush).isZero();
    assertThat(exporter.getFinishedLogRecordItems()).extracting(l -> l.getBodyValue().asString()).containsExactly("one");
  }

  @Test
  void shutdown_exportsWhatIsPending() {
    CountingExporter exporter = new CountingExporter();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(new FlushOnlyProcessors.Spans(exporter, failures)).build();
    provider.get("test").spanBuilder("last").startSpan().end();

    provider.shutdown().join(5, TimeUnit.SECONDS);

    assertThat(exporter.spans).extracting(SpanData::getName).containsExactly("last");
  }

  private static final class CountingExporter implements SpanExporter {
    final AtomicInteger batches = new AtomicInteger();
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      batches.incrementAndGet();
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
  }
}
