package io.docpipe.shared;

import java.time.Duration;

/**
 * A stage could not do its work. A permanent failure ends the job at once with {@code errorCode}; a transient one
 * returns the message to its queue for another try, after {@link #retryAfter()} when one is given. A deferred one is
 * nobody's failure (the inference server's circuit is open): the message waits in its queue without using up a
 * receive, and the job is never failed for it.
 */
public final class StageFailure extends RuntimeException {
  private final String errorCode;
  private final boolean permanent;
  private final Duration retryAfter;
  private final boolean deferred;

  private StageFailure(String errorCode, boolean permanent, Duration retryAfter, boolean deferred, String message,
      Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.permanent = permanent;
    this.retryAfter = retryAfter;
    this.deferred = deferred;
  }

  public static StageFailure permanent(String errorCode, String message) {
    return new StageFailure(errorCode, true, null, false, message, null);
  }

  public static StageFailure transientFailure(String errorCode, String message, Throwable cause) {
    return new StageFailure(errorCode, false, null, false, message, cause);
  }

  /** Transient, and the next try should not come before {@code retryAfter}. */
  public static StageFailure retryLater(String errorCode, String message, Duration retryAfter, Throwable cause) {
    return new StageFailure(errorCode, false, requirePositive(retryAfter), false, message, cause);
  }

  /** Not a failure of the job: try again after {@code retryAfter}, without counting a receive. */
  public static StageFailure deferred(String errorCode, String message, Duration retryAfter) {
    return new StageFailure(errorCode, false, requirePositive(retryAfter), true, message, null);
  }

  private static Duration requirePositive(Duration d) {
    if (d == null || d.isNegative()) throw new IllegalArgumentException("retryAfter must be >= 0, was " + d);
    return d;
  }

  public String errorCode() {
    return errorCode;
  }

  public boolean permanent() {
    return permanent;
  }

  /** When the message should be tried again, or null for "when its visibility timeout ends". */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean deferred() {
    return deferred;
  }
}
