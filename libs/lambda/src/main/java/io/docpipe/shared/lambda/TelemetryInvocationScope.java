package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.SqsTracing;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open invocation as telemetry sees it: its span and log fields, then the faas_* (and http_*) metrics. */
final class TelemetryInvocationScope implements FrameHook.InvocationScope {
  /** The {@code path} label of a request no route matched, so raw paths never become label values. */
  static final String UNMATCHED = "unmatched";
  private static final Logger LOG = LoggerFactory.getLogger(SqsInvocation.class);

  private final Telemetry telemetry;
  private final FrameHook.Start start;
  private final Map<SQSEvent.SQSMessage, Context> producers;
  private final Span span;
  private final Scope scope;
  private final LogContext log;
  private final long startNanos;
  private final boolean cold;
  private boolean failed;

  TelemetryInvocationScope(Telemetry telemetry, FrameHook.Start start, Map<SQSEvent.SQSMessage, Context> producers,
      Span span, Scope scope, LogContext log, long startNanos, boolean cold) {
    this.telemetry = telemetry;
    this.start = start;
    this.producers = producers;
    this.span = span;
    this.scope = scope;
    this.log = log;
    this.startNanos = startNanos;
    this.cold = cold;
  }

  @Override
  public FrameHook.RecordScope record(SQSEvent.SQSMessage record, String queue, Outbox outbox) {
    Context producer = producers.get(record);
    return new TelemetryRecordScope(telemetry, record, producer == null ? SqsTracing.extract(record) : producer, queue,
        outbox);
  }

  @Override
  public void unsent(String messageId, String queue) {
    EventLog.warn(LOG, LogEvent.RECORD_FAILED).with(LogField.MESSAGE_ID, messageId).with(LogField.QUEUE, queue)
        .log("record {} returned to its queue: its messages to the next stage could not be sent", messageId);
  }

  @Override
  public void responded(int status) {
    span.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
    if (status >= 500) span.setStatus(StatusCode.ERROR);
    if (!(start instanceof FrameHook.HttpStart http)) return;
    String path = http.route() == null ? UNMATCHED : http.route();
    Metrics m = telemetry.metrics();
    m.add(PipelineMetrics.HTTP_REQUESTS, 1, http.method(), path, Integer.toString(status));
    m.recordSince(PipelineMetrics.HTTP_REQUEST_DURATION, startNanos, path);
  }

  @Override
  public void failed(Throwable error) {
    failed = true;
    span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    span.recordException(error);
  }

  @Override
  public void close() {
    try {
      log.close();
      scope.close();
    } finally {
      span.end();
      Metrics m = telemetry.metrics();
      if (cold) m.add(PipelineMetrics.FAAS_COLDSTARTS, 1);
      m.add(PipelineMetrics.FAAS_INVOCATIONS, 1);
      if (failed) m.add(PipelineMetrics.FAAS_ERRORS, 1);
      m.recordSince(PipelineMetrics.FAAS_INVOKE_DURATION, startNanos);
      m.record(PipelineMetrics.FAAS_MEM_USAGE, TracedSpan.heapUsed());
    }
  }
}
