package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Messages.JobMessage;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS record as telemetry sees it: a CONSUMER span whose parent is the producer's context (its
 * {@code traceparent}), current together with the record's outbox slot and its {@code event=record} log field.
 */
final class TelemetryRecordScope implements FrameHook.RecordScope {
  private static final Logger LOG = LoggerFactory.getLogger(SqsInvocation.class);

  private final Telemetry telemetry;
  private final SQSEvent.SQSMessage record;
  private final String queue;
  private final Span span;
  private final Scope scope;
  private final LogContext log;

  /** {@code producer}: the record's trace context, as the invocation read it from the record. */
  TelemetryRecordScope(Telemetry telemetry, SQSEvent.SQSMessage record, Context producer, String queue, Outbox outbox) {
    this.telemetry = telemetry;
    this.record = record;
    this.queue = queue;
    // A record sent without trace context (by hand, say) is processed under the invocation span instead.
    Context parent = Span.fromContext(producer).getSpanContext().isValid() ? producer : Context.current();
    this.span = telemetry.tracer().spanBuilder(queue + " message").setParent(parent).setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SpanAttributes.QUEUE_NAME, queue)
        .setAttribute(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_ASYNC)
        .setAttribute(SpanAttributes.MESSAGING_MESSAGE_ID, record.getMessageId())
        .startSpan();
    this.scope = outbox.slotFor(telemetry.routeLogs(span.storeInContext(parent)), record.getMessageId()).makeCurrent();
    this.log = LogContext.put(LogContext.EVENT, LogEvent.RECORD.wire());
  }

  @Override
  public void requeued(StageFailure deferred) {
    span.setAttribute(SpanAttributes.ERROR_TYPE, deferred.errorCode());
  }

  @Override
  public void failed(Exception error) {
    String errorType = error instanceof StageFailure f ? f.errorCode() : error.getClass().getSimpleName();
    span.setStatus(StatusCode.ERROR, errorType);
    span.setAttribute(SpanAttributes.ERROR_TYPE, errorType);
    span.recordException(error);
    // The job scope has already told the story of a stage failure; anything else is reported here.
    if (!(error instanceof StageFailure)) {
      EventLog.warn(LOG, LogEvent.RECORD_FAILED).with(LogField.MESSAGE_ID, record.getMessageId())
          .with(LogField.QUEUE, queue).with(LogField.ERROR, error.toString())
          .log("record {} returned to its queue: {}", record.getMessageId(), error.toString());
    }
  }

  @Override
  public FrameHook.JobScope job(JobMessage job, JobStatus stage) {
    return new TelemetryJobScope(telemetry, span, job, stage);
  }

  @Override
  public void close() {
    try {
      log.close();
      scope.close();
    } finally {
      span.end();
    }
  }
}
