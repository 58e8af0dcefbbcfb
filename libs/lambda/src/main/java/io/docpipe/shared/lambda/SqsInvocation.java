package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.RedeliveryBackoff;
import io.docpipe.shared.StageFailure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQS part of {@link Invocations}: the record loop, the records' messages to the next stage held in an
 * {@link Outbox} and sent together at the end, redelivery with backoff, and partial failures. Each record runs in the
 * hook's record scope.
 */
final class SqsInvocation {

  /** Work for one record in its scope; throwing returns the record to its queue. */
  @FunctionalInterface
  interface RecordWork {
    void handle(SQSEvent.SQSMessage record, Invocation invocation, FrameHook.RecordScope scope) throws Exception;
  }

  private final Invocations frame;
  private final Redelivery redelivery;
  private final int maxReceiveCount;
  private final RedeliveryBackoff backoff;

  SqsInvocation(Invocations frame, Redelivery redelivery, int maxReceiveCount, RedeliveryBackoff backoff) {
    this.frame = frame;
    this.redelivery = redelivery;
    this.maxReceiveCount = maxReceiveCount;
    this.backoff = backoff;
  }

  SQSBatchResponse invoke(SQSEvent event, Context lambda, RecordWork work) {
    List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
    String queue = queueName(records);
    return frame.frame(new FrameHook.SqsStart(queue, records), lambda, (scope, invocation) -> {
      Outbox outbox = new Outbox();
      Set<String> failed = new LinkedHashSet<>();
      for (SQSEvent.SQSMessage record : records) {
        boolean done;
        try (FrameHook.RecordScope recordScope = scope.record(record, queue, outbox)) {
          done = process(record, work, invocation, recordScope);
        }
        if (!done) {
          outbox.discard(record.getMessageId());
          failed.add(record.getMessageId());
        }
      }
      for (String id : outbox.flush()) {
        if (failed.add(id)) scope.unsent(id, queue);
      }
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      for (String id : failed) failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
      return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    });
  }

  /** False when the record goes back to its queue. */
  private boolean process(SQSEvent.SQSMessage record, RecordWork work, Invocation invocation,
      FrameHook.RecordScope scope) {
    int receives = receiveCount(record);
    try {
      work.handle(record, invocation.forRecord(receives, receives >= maxReceiveCount), scope);
      return true;
    } catch (StageFailure failure) {
      if (failure.deferred()) {
        if (redelivery.requeue(record, failure.retryAfter())) {
          scope.requeued(failure);
          return true; // a fresh copy waits in the queue; this one is done
        }
        redelivery.delay(record, failure.retryAfter());
      } else {
        redelivery.delay(record, backoff.delay(receives, failure.retryAfter()));
      }
      scope.failed(failure);
      return false;
    } catch (Exception e) {
      // Back soon rather than after the whole visibility timeout (six function timeouts): a transient fault is
      // tried again in seconds, and one that never passes reaches its last receive, and fails its job, in minutes.
      redelivery.delay(record, backoff.delay(receives, null));
      scope.failed(e);
      return false;
    }
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
