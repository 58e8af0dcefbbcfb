package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.Messages;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.RedeliveryBackoff;
import io.docpipe.shared.telemetry.Telemetry;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The frame every handler runs an invocation in: the {@link Invocation} (Lambda's time left, less a margin for the
 * flush), the trigger's own frame (SQS batches, HTTP requests, schedules), and, in {@code finally}, the flush of what
 * the invocation recorded, bounded by TELEMETRY_FLUSH_TIMEOUT_MS and by the time the invocation has left. Its
 * telemetry (spans, log fields, the faas_* metrics) hooks onto the frame through {@link FrameHook}; telemetry
 * failures never reach the handler, and the handler's own exceptions pass through unchanged.
 */
public final class Invocations {
  /** Kept back from the flush so the function answers before Lambda's deadline. */
  static final long DEADLINE_MARGIN_MILLIS = 100;

  private final FrameHook hook;
  private final SqsInvocation sqs;
  private final HttpInvocation http;
  private final String service;

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
    this(new TelemetryHook(telemetry), telemetry.service(), redelivery, maxReceiveCount, backoff);
  }

  /** The frame with any hook; {@code service} names the schedule's span. */
  Invocations(FrameHook hook, String service, Redelivery redelivery, int maxReceiveCount, RedeliveryBackoff backoff) {
    if (maxReceiveCount < 1) throw new IllegalArgumentException("maxReceiveCount must be >= 1, was " + maxReceiveCount);
    this.hook = hook;
    this.service = service;
    this.sqs = new SqsInvocation(this, redelivery, maxReceiveCount, backoff);
    this.http = new HttpInvocation(this);
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
    return sqs.invoke(event, lambda, (record, invocation, scope) -> handler.handle(record, invocation));
  }

  /**
   * An SQS batch of a pipeline stage, as {@link #invokeSqs}, each record run in {@code jobs}: the job taken over, the
   * stage's work, and the job's failure policy (see {@link JobFrame}).
   */
  public <M extends Messages.JobMessage> SQSBatchResponse invokeJobs(SQSEvent event, Context lambda, JobFrame<M> jobs) {
    return sqs.invoke(event, lambda, jobs::handle);
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
    return invokeOther(service + " schedule", "timer", lambda, work);
  }

  /** Any other trigger (a CloudFormation custom resource, for instance); {@code trigger} is faas.trigger. */
  public <T> T invokeOther(String spanName, String trigger, Context lambda, Function<Invocation, T> work) {
    return frame(new FrameHook.OtherStart(spanName, trigger), lambda, (scope, invocation) -> work.apply(invocation));
  }

  /**
   * Runs {@code work} as one invocation, handing it the hook's scope and the {@link Invocation} (its time is
   * Lambda's, less the flush's margin; unbounded without a Lambda context); package-private for the trigger-specific
   * frames.
   */
  <T> T frame(FrameHook.Start start, Context lambda, BiFunction<FrameHook.InvocationScope, Invocation, T> work) {
    long startNanos = System.nanoTime();
    try {
      FrameHook.InvocationScope scope = hook.begin(start, lambda);
      try {
        Invocation invocation =
            lambda == null ? Invocation.UNBOUNDED : Invocation.until(startNanos + budget(lambda) * 1_000_000);
        return work.apply(scope, invocation);
      } catch (RuntimeException | Error e) {
        scope.failed(e);
        throw e;
      } finally {
        scope.close();
      }
    } finally {
      hook.flush(budget(lambda));
    }
  }

  private static long budget(Context lambda) {
    if (lambda == null) return Long.MAX_VALUE;
    return Math.max(0, lambda.getRemainingTimeInMillis() - DEADLINE_MARGIN_MILLIS);
  }
}
