package io.docpipe.shared;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;

/**
 * Hands an SQS record back to its queue for later instead of sleeping in the function: the backoff of a retry lives
 * in the queue, and the invocation ends while it waits.
 */
public interface Redelivery {

  /** Nothing is handed back early: a failed record reappears when its visibility timeout ends. */
  Redelivery NONE = new Redelivery() {
    @Override
    public boolean delay(SQSMessage record, Duration delay) {
      return false;
    }

    @Override
    public boolean requeue(SQSMessage record, Duration delay) {
      return false;
    }
  };

  /**
   * The record becomes visible again after {@code delay}, as its next receive (the receive count goes on). The
   * caller still reports the record as failed. False when the delay could not be set.
   */
  boolean delay(SQSMessage record, Duration delay);

  /**
   * A fresh copy of the record is queued with {@code delay} (its receive count starts over), so the caller may
   * report the original as done. For waiting that is nobody's failure (the inference circuit is open) and must never
   * push a message toward its DLQ. False when the copy could not be sent; the original must then stay.
   */
  boolean requeue(SQSMessage record, Duration delay);
}
