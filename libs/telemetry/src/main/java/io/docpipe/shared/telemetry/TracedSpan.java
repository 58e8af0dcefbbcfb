package io.docpipe.shared.telemetry;

import io.docpipe.shared.JobStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A span for a piece of work, current while it is open, that also records what the work cost this thread: CPU time
 * split into user and system, bytes allocated, and the heap's change, as the seed's {@code traced_span} did with
 * psutil. Use it with try-with-resources on the thread that does the work.
 *
 * <pre>{@code
 * try (TracedSpan span = TracedSpan.start(tracer, "fetch").set(SpanAttributes.JOB_URL, url)) {
 *   ...
 * }
 * }</pre>
 */
public final class TracedSpan implements AutoCloseable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.ThreadMXBean HOTSPOT =
      THREADS instanceof com.sun.management.ThreadMXBean h && h.isThreadAllocatedMemorySupported() ? h : null;
  private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

  private final Span span;
  private final Scope scope;
  private final long cpuStart;
  private final long userStart;
  private final long allocatedStart;
  private final long heapStart;

  private TracedSpan(Span span) {
    this.span = span;
    this.scope = span.makeCurrent();
    boolean measure = span.isRecording();
    this.cpuStart = measure && CPU ? THREADS.getCurrentThreadCpuTime() : -1;
    this.userStart = measure && CPU ? THREADS.getCurrentThreadUserTime() : -1;
    this.allocatedStart = measure && HOTSPOT != null ? HOTSPOT.getCurrentThreadAllocatedBytes() : -1;
    this.heapStart = measure ? heapUsed() : -1;
  }

  public static TracedSpan start(Tracer tracer, String name) {
    return start(tracer, name, SpanKind.INTERNAL);
  }

  public static TracedSpan start(Tracer tracer, String name, SpanKind kind) {
    return new TracedSpan(tracer.spanBuilder(name).setParent(Context.current()).setSpanKind(kind).startSpan());
  }

  /** Sets an attribute; a null value is left out. */
  public <T> TracedSpan set(AttributeKey<T> key, T value) {
    if (value != null) span.setAttribute(key, value);
    return this;
  }

  /** The attributes every span about a job carries. */
  public TracedSpan job(String jobId, String url, String corpusName) {
    return set(SpanAttributes.JOB_ID, jobId).set(SpanAttributes.JOB_URL, url).set(SpanAttributes.CORPUS_NAME, corpusName);
  }

  /** Marks the span failed: error status, the exception as an event, and {@code error.type}. */
  public TracedSpan fail(Throwable error, String errorType) {
    span.setStatus(StatusCode.ERROR, errorType);
    span.setAttribute(SpanAttributes.ERROR_TYPE, errorType);
    if (error != null) span.recordException(error);
    return this;
  }

  /** As {@link #fail(Throwable, String)}, for a job that failed in {@code stage}: adds {@code failed.stage}. */
  public TracedSpan failJob(Throwable error, JobStatus stage, String errorCode) {
    span.setAttribute(SpanAttributes.FAILED_STAGE, stage.wire());
    return fail(error, errorCode);
  }

  public Span span() {
    return span;
  }

  @Override
  public void close() {
    try {
      if (cpuStart >= 0) {
        double cpuMs = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        double userMs = (THREADS.getCurrentThreadUserTime() - userStart) / 1e6;
        span.setAttribute(SpanAttributes.PROCESS_CPU_USER_MS, round(userMs));
        span.setAttribute(SpanAttributes.PROCESS_CPU_SYSTEM_MS, round(Math.max(0, cpuMs - userMs)));
      }
      if (allocatedStart >= 0) {
        span.setAttribute(SpanAttributes.PROCESS_MEMORY_ALLOCATED_KB,
            round((HOTSPOT.getCurrentThreadAllocatedBytes() - allocatedStart) / 1024.0));
      }
      if (heapStart >= 0) {
        long heap = heapUsed();
        // Can be negative: a collection during the span frees more than the span allocated.
        span.setAttribute(SpanAttributes.PROCESS_MEMORY_DELTA_KB, round((heap - heapStart) / 1024.0));
        span.setAttribute(SpanAttributes.PROCESS_MEMORY_MB, round(heap / (1024.0 * 1024.0)));
      }
    } finally {
      scope.close();
      span.end();
    }
  }

  /** Bytes of heap in use now (the span helper's memory delta, the frame's faas_mem_usage). */
  public static long heapUsed() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
