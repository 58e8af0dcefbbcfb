package io.docpipe.shared;

import java.time.Duration;
import java.time.Instant;

/**
 * The inference circuit breaker's state shared by every execution environment, so one environment's discovery that
 * the GPU is down stops the others. Each transition is conditional on the state (and, after opening, the generation)
 * the caller saw, so two environments or two scanners never both open or both probe.
 */
public interface BreakerStore {

  /** The states, valued as the {@code embedding_circuit_breaker_state} gauge reports them. */
  enum State {
    CLOSED(0), OPEN(1), HALF_OPEN(2);

    private final int gauge;

    State(int gauge) {
      this.gauge = gauge;
    }

    public int gauge() {
      return gauge;
    }

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param since when the state was entered
   * @param generation counts openings; a probe or close names the opening it ends
   */
  record Breaker(State state, Instant since, long generation, String reason) {
    public static final Breaker INITIAL = new Breaker(State.CLOSED, Instant.EPOCH, 0, null);

    /** When the open period ends and a probe may run. */
    public Instant probeAt(Duration openDuration) {
      return since.plus(openDuration);
    }
  }

  Breaker read();

  /** closed -> open (a new generation); false when it was not closed (someone else opened it). */
  boolean open(Instant now, String reason);

  /** open -> half_open for {@code generation}: the caller may send the one probe. */
  boolean halfOpen(Instant now, long generation);

  /** half_open -> closed after a probe answered. */
  boolean close(Instant now, long generation);

  /** half_open -> open again after a probe failed, or a probe that never reported back. */
  boolean reopen(Instant now, long generation, String reason);
}
