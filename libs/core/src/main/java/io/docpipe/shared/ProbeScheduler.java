package io.docpipe.shared;

import java.time.Duration;
import java.time.Instant;

/**
 * Asks for the inference circuit's half-open probe when an open period ends, so recovery does not wait for the
 * scanner's schedule. Best effort: the scheduled scanner probes too, and picks up a probe that was never delivered.
 */
public interface ProbeScheduler {
  /** No timed probes: only the scanner probes (no probe queue configured). */
  ProbeScheduler NONE = (since, delay) -> {};

  /** One probe of the opening entered at {@code since}, {@code delay} from now. */
  void schedule(Instant since, Duration delay);
}
