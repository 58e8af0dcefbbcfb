package io.docpipe.shared.lambda;

import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.SqsTracing;
import io.docpipe.shared.telemetry.Telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.RedeliveryBackoff;
import io.docpipe.shared.StageFailure;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS part of {@link Invocations}: links, one span per record under its producer's context, the records' messages
 * to the next stage held in an {@link Outbox} and sent together at the end, partial failures.
 */
final class SqsInvocation {
  private static final Logger LOG = LoggerFactory.getLogger(SqsInvocation.class);

  private final Invocations frame;
  private final Telemetry telemetry;
  private final Redelivery redelivery;
  private final int maxReceiveCount;
  private final RedeliveryBackoff backoff;

  SqsInvocation(Invocations frame, Telemetry telemetry, Redelivery redelivery, int maxReceiveCount,
      RedeliveryBackoff backoff) {
    this.frame = frame;
    this.telemetry = telemetry;
    this.redelivery = redelivery;
    this.maxReceiveCount = maxReceiveCount;
    this.backoff = backoff;
  }

  SQSBatchResponse invoke(SQSEvent event, Context lambda, Invocations.RecordHandler handler) {
    List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
    String queue = queueName(records);
    List<io.opentelemetry.context.Context> producers = records.stream().map(SqsTracing::extract).toList();
    SpanBuilder span = telemetry.tracer().spanBuilder(queue + " process").setNoParent().setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SpanAttributes.QUEUE_NAME, queue)
        .setAttribute(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_ASYNC)
        .setAttribute(SpanAttributes.MESSAGING_BATCH_MESSAGE_COUNT, (long) records.size());
    for (io.opentelemetry.context.Context producer : producers) {
      SpanContext linked = Span.fromContext(producer).getSpanContext();
      if (linked.isValid()) span.addLink(linked);
    }
    return frame.frame(span, "pubsub", lambda, (invocationSpan, invocation) -> {
      Outbox outbox = new Outbox();
      Set<String> failed = new LinkedHashSet<>();
      for (int i = 0; i < records.size(); i++) {
        SQSEvent.SQSMessage record = records.get(i);
        if (!process(record, producers.get(i), queue, handler, outbox, invocation)) {
          outbox.discard(record.getMessageId());
          failed.add(record.getMessageId());
        }
      }
      Set<String> unsent = outbox.flush();
      for (String id : unsent) {
        if (failed.add(id)) {
          EventLog.warn(LOG, LogEvent.RECORD_FAILED).with(LogField.MESSAGE_ID, id).with(LogField.QUEUE, queue)
              .log("record {} returned to its queue: its messages to the next stage could not be sent", id);
        }
      }
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      for (String id : failed) failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
      return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    });
  }

  /** False when the record goes back to its queue. */
  private boolean process(SQSEvent.SQSMessage record, io.opentelemetry.context.Context producer, String queue,
      Invocations.RecordHandler handler, Outbox outbox, Invocation invocation) {
    // A record sent without trace context (by hand, say) is processed under the invocation span instead.
    io.opentelemetry.context.Context parent = Span.fromContext(producer).getSpanContext().isValid()
        ? producer : io.opentelemetry.context.Context.current();
    Span span = telemetry.tracer().spanBuilder(queue + " message").setParent(parent).setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SpanAttributes.QUEUE_NAME, queue)
        .setAttribute(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_ASYNC)
        .setAttribute(SpanAttributes.MESSAGING_MESSAGE_ID, record.getMessageId())
        .startSpan();
    int receives = receiveCount(record);
    io.opentelemetry.context.Context context =
        outbox.slotFor(frame.routed(span.storeInContext(parent)), record.getMessageId());
    try (Scope scope = context.makeCurrent(); LogContext log = LogContext.put(LogContext.EVENT, LogEvent.RECORD.wire())) {
      try {
        handler.handle(record, invocation.forRecord(receives, receives >= maxReceiveCount));
        return true;
      } catch (StageFailure failure) {
        if (failure.deferred()) {
          if (redelivery.requeue(record, failure.retryAfter())) {
            span.setAttribute(SpanAttributes.ERROR_TYPE, failure.errorCode());
            return true; // a fresh copy waits in the queue; this one is done
          }
          redelivery.delay(record, failure.retryAfter());
        } else {
          redelivery.delay(record, backoff.delay(receives, failure.retryAfter()));
        }
        return failed(record, queue, span, failure);
      } catch (Exception e) {
        // Back soon rather than after the whole visibility timeout (six function timeouts): a transient fault is
        // tried again in seconds, and one that never passes reaches its last receive, and fails its job, in minutes.
        redelivery.delay(record, backoff.delay(receives, null));
        return failed(record, queue, span, e);
      }
    } finally {
      span.end();
    }
  }

  private static boolean failed(SQSEvent.SQSMessage record, String queue, Span span, Exception e) {
    String errorType = e instanceof StageFailure f ? f.errorCode() : e.getClass().getSimpleName();
    span.setStatus(StatusCode.ERROR, errorType);
    span.setAttribute(SpanAttributes.ERROR_TYPE, errorType);
    span.recordException(e);
    // StageRun has already told the story of a stage failure; anything else is reported here.
    if (!(e instanceof StageFailure)) {
      EventLog.warn(LOG, LogEvent.RECORD_FAILED).with(LogField.MESSAGE_ID, record.getMessageId())
          .with(LogField.QUEUE, queue).with(LogField.ERROR, e.toString())
          .log("record {} returned to its queue: {}", record.getMessageId(), e.toString());
    }
    return false;
  }

  private static int receiveCount(SQSEvent.SQSMessage record) {
    String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
    try {
      return count == null ? 1 : Math.max(1, Integer.parseInt(count.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The queue's name from the records' source ARN ({@code arn:aws:sqs:region:account:name}). */
  static String queueName(List<SQSEvent.SQSMessage> records) {
    String arn = records.isEmpty() ? null : records.get(0).getEventSourceArn();
    if (arn == null || arn.isBlank()) return "unknown";
    return arn.substring(arn.lastIndexOf(':') + 1);
  }
}
