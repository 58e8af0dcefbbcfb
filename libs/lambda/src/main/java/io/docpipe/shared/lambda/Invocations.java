package io.docpipe.shared.lambda;

import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.RedeliveryBackoff;
import java.util.function.Function;
import java.util.function.BiFunction;

/**
 * The frame every handler runs an invocation in: the invocation span (SERVER for HTTP and schedules, CONSUMER for
 * SQS), the MDC fields of its log lines, the Lambda metrics, and, in {@code finally}, the flush of traces, metrics
 * and logs, bounded by TELEMETRY_FLUSH_TIMEOUT_MS and by the time the invocation has left. Telemetry failures never
 * reach the handler; the handler's own exceptions pass through unchanged.
 */
public final class Invocations {
  /** Kept back from the flush so the function answers before Lambda's deadline. */
  static final long DEADLINE_MARGIN_MILLIS = 100;

  private final Telemetry telemetry;
  private final SqsInvocation sqs;
  private final HttpInvocation http;

  public Invocations(Telemetry telemetry) {
    this(telemetry, Redelivery.NONE, DEFAULT_MAX_RECEIVE_COUNT);
  }

  /**
   * @param redelivery how an SQS record is handed back for later (a visibility delay, or a fresh copy)
   * @param maxReceiveCount the queue's redrive {@code maxReceiveCount}: a record received that often is on its last
   *     try before the DLQ
   */
  public Invocations(Telemetry telemetry, Redelivery redelivery, int maxReceiveCount) {
    this(telemetry, redelivery, maxReceiveCount, RedeliveryBackoff.DEFAULT);
  }

  /**
   * As above; a record that failed (short of a deferral) is handed back with {@code backoff}'s delay for its receive
   * count instead of waiting out the queue's visibility timeout.
   */
  public Invocations(Telemetry telemetry, Redelivery redelivery, int maxReceiveCount, RedeliveryBackoff backoff) {
    if (maxReceiveCount < 1) throw new IllegalArgumentException("maxReceiveCount must be >= 1, was " + maxReceiveCount);
    this.telemetry = telemetry;
    this.sqs = new SqsInvocation(this, telemetry, redelivery, maxReceiveCount, backoff);
    this.http = new HttpInvocation(this, telemetry);
  }

  /** SQS's and template.yaml's redrive default. */
  public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;

  /**
   * Work for one SQS record, given the invocation's deadline and the record's receive count; throwing returns the
   * record to its queue.
   */
  @FunctionalInterface
  public interface RecordHandler {
    void handle(SQSEvent.SQSMessage record, Invocation invocation) throws Exception;
  }

  /**
   * An SQS batch: each record in its own span whose parent is the producer's context (its {@code traceparent}), the
   * invocation span linked to all of them. Only the records that failed are reported, so one bad record never sends
   * its neighbours back to the queue; this needs {@code ReportBatchItemFailures} on the event source mapping, see
   * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
   */
  public SQSBatchResponse invokeSqs(SQSEvent event, Context lambda, RecordHandler handler) {
    return sqs.invoke(event, lambda, handler);
  }

  /**
   * An API Gateway HTTP API (payload 2.0) request: the span is named by the route template, never the raw path, and
   * carries the {@code X-Request-Id} header as {@code http.request_id} (one is made when absent and always echoed in
   * the response).
   */
  public APIGatewayV2HTTPResponse invokeHttp(APIGatewayV2HTTPEvent event, Context lambda,
      BiFunction<APIGatewayV2HTTPEvent, Invocation, APIGatewayV2HTTPResponse> work) {
    return http.invoke(event, lambda, work);
  }

  /** An EventBridge scheduled invocation. */
  public <T> T invokeScheduled(Context lambda, Function<Invocation, T> work) {
    return invokeOther(telemetry.service() + " schedule", "timer", lambda, work);
  }

  /** Any other trigger (a CloudFormation custom resource, for instance); {@code trigger} is faas.trigger. */
  public <T> T invokeOther(String spanName, String trigger, Context lambda, Function<Invocation, T> work) {
    SpanBuilder span = telemetry.tracer().spanBuilder(spanName).setNoParent().setSpanKind(SpanKind.SERVER);
    return frame(span, trigger, lambda, (s, invocation) -> work.apply(invocation));
  }

  /**
   * Runs {@code work} as one invocation, handing it the span and the {@link Invocation} (its time is Lambda's, less
   * the flush's margin; unbounded without a Lambda context); package-private for the trigger-specific frames.
   */
  <T> T frame(SpanBuilder builder, String trigger, Context lambda, BiFunction<Span, Invocation, T> work) {
    long start = System.nanoTime();
    boolean cold = telemetry.coldStart();
    Span span = builder.setAttribute(SpanAttributes.FAAS_TRIGGER, trigger)
        .setAttribute(SpanAttributes.FAAS_COLDSTART, cold)
        .setAttribute(SpanAttributes.FAAS_INVOCATION_ID, lambda == null ? null : lambda.getAwsRequestId())
        .startSpan();
    boolean failed = false;
    try {
      io.opentelemetry.context.Context context = routed(span.storeInContext(io.opentelemetry.context.Context.current()));
      Invocation invocation = lambda == null ? Invocation.UNBOUNDED : Invocation.until(start + budget(lambda) * 1_000_000);
      try (Scope scope = context.makeCurrent();
          LogContext log = LogContext.put(LogContext.SERVICE, telemetry.service(), LogContext.EVENT, LogEvent.INVOCATION.wire())) {
        return work.apply(span, invocation);
      }
    } catch (RuntimeException | Error e) {
      failed = true;
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      span.recordException(e);
      throw e;
    } finally {
      span.end();
      record(start, cold, failed);
      telemetry.flush(budget(lambda));
    }
  }

  /** {@code context} with this environment's log records routed to its own SDK. */
  io.opentelemetry.context.Context routed(io.opentelemetry.context.Context context) {
    return telemetry.routeLogs(context);
  }

  private void record(long start, boolean cold, boolean failed) {
    Metrics m = telemetry.metrics();
    if (cold) m.add(PipelineMetrics.FAAS_COLDSTARTS, 1);
    m.add(PipelineMetrics.FAAS_INVOCATIONS, 1);
    if (failed) m.add(PipelineMetrics.FAAS_ERRORS, 1);
    m.recordSince(PipelineMetrics.FAAS_INVOKE_DURATION, start);
    m.record(PipelineMetrics.FAAS_MEM_USAGE, TracedSpan.heapUsed());
  }

  private static long budget(Context lambda) {
    if (lambda == null) return Long.MAX_VALUE;
    return Math.max(0, lambda.getRemainingTimeInMillis() - DEADLINE_MARGIN_MILLIS);
  }
}
