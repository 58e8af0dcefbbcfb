package io.docpipe.shared;

import java.util.function.LongSupplier;

/**
 * One Lambda invocation as the work inside it sees it, handed down by the frame instead of read from ambient state:
 * the time it has left (Lambda's deadline less the flush's margin), and, for an SQS record, its receive count and
 * whether it is the last receive before the DLQ. Retries and request timeouts are cut to fit {@link #remainingMillis()};
 * a job whose record fails on its last delivery is failed rather than left waiting on a message in the DLQ.
 *
 * @param millisLeft milliseconds left, read at each call (the frame counts down from the Lambda context's figure)
 * @param receiveCount the record's SQS receive count; 1 for a first delivery and outside SQS
 * @param lastDelivery true when the record goes to its DLQ if it fails now
 */
public record Invocation(LongSupplier millisLeft, int receiveCount, boolean lastDelivery) {
  /** Outside Lambda (tests, tools): no deadline, a first delivery. */
  public static final Invocation UNBOUNDED = new Invocation(() -> Long.MAX_VALUE, 1, false);

  public Invocation {
    if (millisLeft == null) throw new IllegalArgumentException("millisLeft must not be null");
    if (receiveCount < 1) throw new IllegalArgumentException("receiveCount must be >= 1, was " + receiveCount);
  }

  /** An invocation that ends {@code deadlineNanos} on {@link System#nanoTime()}'s scale. */
  public static Invocation until(long deadlineNanos) {
    return new Invocation(() -> Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000), 1, false);
  }

  /** Milliseconds left before Lambda ends this invocation, less the flush's margin; never negative. */
  public long remainingMillis() {
    return Math.max(0, millisLeft.getAsLong());
  }

  /** Earlier receives of this record (0 for a first delivery). */
  public int retries() {
    return receiveCount - 1;
  }

  /** This invocation's deadline for one SQS record received {@code receiveCount} times. */
  public Invocation forRecord(int receiveCount, boolean lastDelivery) {
    return new Invocation(millisLeft, receiveCount, lastDelivery);
  }
}
