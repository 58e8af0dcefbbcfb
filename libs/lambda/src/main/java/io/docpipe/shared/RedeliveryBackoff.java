package io.docpipe.shared;

import java.time.Duration;
import io.docpipe.shared.snapstart.Randomness;
import java.util.function.DoubleSupplier;

/**
 * How long a record that failed waits in its queue before its next receive: exponential in the record's receive
 * count with full jitter (uniform in [0, min(max, base * 2^(receives-1))], so records that failed together do not
 * come back together), never less than a {@code Retry-After} the failure carries, and never more than {@code max}.
 * Without it a failed record waits the queue's whole visibility timeout (six times the function's timeout).
 */
public record RedeliveryBackoff(Duration base, Duration max) {
  /** QUEUE_RETRY_BASE_SECONDS and QUEUE_RETRY_MAX_SECONDS when unset. */
  public static final RedeliveryBackoff DEFAULT = new RedeliveryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(300));

  public RedeliveryBackoff {
    if (base == null || base.isNegative() || max == null || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("QUEUE_RETRY_BASE_SECONDS and QUEUE_RETRY_MAX_SECONDS must satisfy "
          + "0 <= base <= max, were " + base + " and " + max);
    }
  }

  public static RedeliveryBackoff fromEnv(Env env) {
    return new RedeliveryBackoff(
        Duration.ofSeconds(env.intValue("QUEUE_RETRY_BASE_SECONDS", (int) DEFAULT.base().toSeconds(), 0, 3600)),
        // SQS caps a visibility timeout at 12 hours.
        Duration.ofSeconds(env.intValue("QUEUE_RETRY_MAX_SECONDS", (int) DEFAULT.max().toSeconds(), 0, 43_200)));
  }

  public Duration delay(int receiveCount, Duration retryAfter) {
    return delay(receiveCount, retryAfter, Randomness::nextDouble);
  }

  /** The wait after the {@code receiveCount}-th receive failed; {@code random} gives values in [0, 1). */
  public Duration delay(int receiveCount, Duration retryAfter, DoubleSupplier random) {
    long cap = max.toMillis();
    long exponential = base.toMillis() << Math.min(Math.max(receiveCount - 1, 0), 30);
    long ceiling = exponential < 0 ? cap : Math.min(cap, exponential);
    long jittered = (long) (random.getAsDouble() * ceiling);
    long floor = retryAfter == null ? 0 : Math.max(0, retryAfter.toMillis());
    // A Retry-After past the cap is cut to it: a site must not park a job for hours with one header.
    return Duration.ofMillis(Math.min(cap, Math.max(jittered, floor)));
  }
}
