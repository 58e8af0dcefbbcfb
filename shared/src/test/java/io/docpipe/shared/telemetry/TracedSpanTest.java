package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.JobStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

class TracedSpanTest {
  private final TestTelemetry t = new TestTelemetry("chunker");

  @Test
  void close_recordsCpuAndMemoryOfTheWork_andEndsTheSpan() {
    byte[][] keep = new byte[64][];
    try (TracedSpan ignored = TracedSpan.start(t.telemetry.tracer(), "split text")) {
      for (int i = 0; i < keep.length; i++) keep[i] = new byte[16 * 1024];
      busy(20_000_000L);
    }
    t.telemetry.flush();

    SpanData span = t.span("split text");
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getAttributes().get(SpanAttributes.PROCESS_CPU_USER_MS)).isGreaterThan(0.0);
    assertThat(span.getAttributes().get(SpanAttributes.PROCESS_CPU_SYSTEM_MS)).isGreaterThanOrEqualTo(0.0);
    assertThat(span.getAttributes().get(SpanAttributes.PROCESS_MEMORY_ALLOCATED_KB)).isGreaterThanOrEqualTo(1024.0);
    assertThat(span.getAttributes().get(SpanAttributes.PROCESS_MEMORY_DELTA_KB)).isNotNull();
    assertThat(span.getAttributes().get(SpanAttributes.PROCESS_MEMORY_MB)).isGreaterThan(0.0);
    assertThat(keep[63]).hasSize(16 * 1024);
  }

  @Test
  void start_isCurrentWhileOpen_andNestsUnderTheCurrentSpan() {
    String inner;
    try (TracedSpan outer = TracedSpan.start(t.telemetry.tracer(), "outer")) {
      try (TracedSpan nested = TracedSpan.start(t.telemetry.tracer(), "inner")) {
        inner = Span.current().getSpanContext().getSpanId();
        assertThat(inner).isEqualTo(nested.span().getSpanContext().getSpanId());
      }
      assertThat(Span.current().getSpanContext()).isEqualTo(outer.span().getSpanContext());
    }
    t.telemetry.flush();

    assertThat(t.span("inner").getParentSpanId()).isEqualTo(t.span("outer").getSpanId());
  }

  @Test
  void failJob_marksTheSpanFailed_withFailedStageAndErrorType() {
    try (TracedSpan span = TracedSpan.start(t.telemetry.tracer(), "scrape")) {
      span.failJob(new IllegalStateException("404"), JobStatus.SCRAPING, "http_404");
    }
    t.telemetry.flush();

    SpanData span = t.span("scrape");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(SpanAttributes.FAILED_STAGE)).isEqualTo("scraping");
    assertThat(span.getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("http_404");
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void noopTelemetry_measuresNothing_andStillWorks() {
    try (TracedSpan span = TracedSpan.start(Telemetry.noop("x").tracer(), "free").set(SpanAttributes.JOB_ID, "j")) {
      assertThat(span.span().isRecording()).isFalse();
    }
  }

  private static void busy(long nanos) {
    long end = System.nanoTime() + nanos;
    long x = 0;
    while (System.nanoTime() < end) x += System.nanoTime() % 7;
    if (x == 42) System.out.print("");
  }
}
