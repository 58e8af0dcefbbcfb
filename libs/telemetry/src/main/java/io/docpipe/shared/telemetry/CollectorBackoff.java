package io.docpipe.shared.telemetry;

import java.net.ConnectException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Remembers, for a short while, that the collector refused a connection, so the invocations in between drop their
 * telemetry at the cost of a clock read instead of each collecting, marshalling and trying to connect. Only a refusal
 * arms it (nothing listens on the port: the extension is not running); a slow or failing collector does not. What
 * is dropped meanwhile is counted in {@link ExportFailures}, as a refused export would have been; cumulative metrics
 * lose nothing, as the next export carries the totals. The first flush after the back-off tries again.
 */
final class CollectorBackoff {
  /** Long enough to cover a burst of warm invocations, short enough that a restarted collector loses little. */
  static final Duration DEFAULT = Duration.ofSeconds(1);
  /** The cause {@link ExportFailures} reports for what the back-off drops. */
  static final ConnectException DROPPED = new ConnectException("collector refused a connection just before; "
      + "dropped without trying again until the back-off of " + DEFAULT.toMillis() + " ms ends");
  /** A back-off that is never armed (tests of the sender alone). */
  static final CollectorBackoff NONE = new CollectorBackoff(Duration.ZERO, System::nanoTime);

  private final long backoffNanos;
  private final LongSupplier nanoTime;
  private volatile boolean down;
  private volatile long downUntilNanos;

  CollectorBackoff(Duration backoff, LongSupplier nanoTime) {
    this.backoffNanos = backoff.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The sender could not connect at all. */
  void refused() {
    if (backoffNanos == 0) return;
    downUntilNanos = nanoTime.getAsLong() + backoffNanos;
    down = true;
  }

  /** The collector answered (whatever the status): it is up. */
  void answered() {
    down = false;
  }

  /** Whether exports should be dropped now without trying. */
  boolean active() {
    return down && nanoTime.getAsLong() - downUntilNanos < 0;
  }
}
