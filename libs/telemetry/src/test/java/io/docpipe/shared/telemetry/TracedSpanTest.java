package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.JobStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

class TracedSpanTest {
  private static final long WORK_USER_NANOS = 30_000_000L;

  private final TestTelemetry t = new TestTelemetry("chunker");

  @Test
  void close_recordsCpuAndMemoryOfTheWork_andEndsTheSpan() {
    byte[][] keep = new byte[64][];
    try (TracedSpan ignored = TracedSpan.start(t.telemetry.tracer(), "split text")) {
      for (int i = 0; i < keep.length; i++) keep[i] = new byte[16 * 1024];
      burnUserCpu(WORK_USER_NANOS);
    }
    t.telemetry.flush();

    SpanData span = t.span("split text");
    assertThat(span.hasEnded()).isTrue();
    // The work ran until this thread's user time had grown by WORK_USER_NANOS, however long that took on the clock,
    // and the span measured it from before the work to after it: at least that much, on an idle or a busy machine.
    assertThat(span.getAttributes().get(SpanAttributes.PROCESS_CPU_USER_MS)).isGreaterThanOrEqualTo(WORK_USER_NANOS / 1e6);
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

  /**
   * Computes until this thread has spent {@code nanos} more of user CPU time, as the JVM reports it (in the kernel's
   * ticks, 10 ms on Linux). Bounded by work done, not by the wall clock: on a loaded machine it simply takes longer.
   */
  private static void burnUserCpu(long nanos) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadUserTime();
    if (start < 0) throw new IllegalStateException("this JVM does not measure thread CPU time");
    long end = start + nanos;
    long x = 0;
    do {
      for (int i = 0; i < 1_000_000; i++) x = x * 31 + i;
    } while (threads.getCurrentThreadUserTime() < end);
    if (x == 42) System.out.print("");
  }
}
