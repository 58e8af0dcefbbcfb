package io.docpipe.shared.breaker;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.BreakerStore.Breaker;
import io.docpipe.shared.BreakerStore.State;
import io.docpipe.shared.ConsumptionSwitch;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Messages.ProbeMessage;
import io.docpipe.shared.ProbeScheduler;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The half-open side of the inference circuit breaker, run when an open period ends (a probe message,
 * {@link #onMessage}) and by every scanner run ({@link #run}), the safety net for a probe message that never came:
 * once the open period has passed it claims the probe (open -> half_open, a conditional write, so one caller probes),
 * sends one small request, and closes the circuit and switches the embedder's consumption back on when the server
 * answers, or opens it for another period when not (the store schedules that period's probe message). On other
 * scanner runs it makes the embedder's consumption match the circuit (a switch that failed before is put right
 * here). The embedder never probes: it is not consuming while the circuit is open.
 */
public final class BreakerProbe {
  /** The fault-injecting test server counts requests with exactly this input as probes. */
  public static final String PROBE_TEXT = "docpipe circuit breaker probe";
  private static final Logger LOG = LoggerFactory.getLogger(BreakerProbe.class);

  private final BreakerStore store;
  private final EmbeddingClient inference;
  private final ConsumptionSwitch consumption;
  private final ProbeScheduler probes;
  private final BreakerConfig config;
  private final Clock clock;
  private final Metrics metrics;

  public BreakerProbe(BreakerStore store, EmbeddingClient inference, ConsumptionSwitch consumption, ProbeScheduler probes,
      BreakerConfig config, Clock clock, Metrics metrics) {
    this.store = store;
    this.inference = inference;
    this.consumption = consumption;
    this.probes = probes;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * @param closedNow the probe closed the circuit in this run: the embed messages that waited are only now flowing
   *     again, so their jobs are not stuck yet either
   */
  public record Result(State state, boolean closedNow) {
    /** Whether jobs waiting for inference should be left alone this run. */
    public boolean inferenceWaiting() {
      return state != State.CLOSED || closedNow;
    }
  }

  /** The circuit's state after this run, or null when the shared state could not be read. */
  public Result run(Invocation invocation) {
    Breaker breaker;
    try {
      breaker = store.read();
    } catch (RuntimeException e) {
      LOG.warn("could not read the inference circuit state; no probe this run: {}", e.toString());
      return null;
    }
    Instant now = clock.instant();
    State state = switch (breaker.state()) {
      case CLOSED -> {
        consumption.resume();
        yield State.CLOSED;
      }
      case OPEN -> {
        if (now.isBefore(breaker.probeAt(config.openDuration()))) {
          consumption.pause();
          yield State.OPEN;
        }
        yield store.halfOpen(now, breaker.generation()) ? probe(breaker.generation(), invocation) : store.read().state();
      }
      case HALF_OPEN -> {
        // A probe that never reported back (its scanner crashed): open again, so the next run probes.
        if (now.isBefore(breaker.probeAt(config.openDuration()))) yield State.HALF_OPEN;
        store.reopen(now, breaker.generation(), "probe did not report back");
        yield State.OPEN;
      }
    };
    metrics.set(PipelineMetrics.EMBEDDING_CIRCUIT_BREAKER_STATE, state.gauge());
    return new Result(state, breaker.state() != State.CLOSED && state == State.CLOSED);
  }

  /**
   * A probe message's turn: probes the opening the message names once its open period has ended. A message that
   * comes early (SQS delays at most 15 minutes) is sent on for the time left. One for an opening that has ended, or
   * whose probe another caller claimed, does nothing: whoever moved the circuit on scheduled its own, so each open
   * period has one message on its way.
   */
  public State onMessage(ProbeMessage message, Invocation invocation) {
    Breaker breaker = store.read();
    if (breaker.state() != State.OPEN || !breaker.since().equals(Instant.parse(message.since()))) return breaker.state();
    Instant now = clock.instant();
    Instant due = breaker.probeAt(config.openDuration());
    if (now.isBefore(due)) {
      probes.schedule(breaker.since(), Duration.between(now, due));
      return State.OPEN;
    }
    State state = store.halfOpen(now, breaker.generation()) ? probe(breaker.generation(), invocation) : store.read().state();
    metrics.set(PipelineMetrics.EMBEDDING_CIRCUIT_BREAKER_STATE, state.gauge());
    return state;
  }

  private State probe(long generation, Invocation invocation) {
    metrics.set(PipelineMetrics.EMBEDDING_CIRCUIT_BREAKER_STATE, State.HALF_OPEN.gauge());
    try {
      inference.embed(List.of(PROBE_TEXT), invocation);
    } catch (RuntimeException e) {
      store.reopen(clock.instant(), generation, e.getMessage());
      consumption.pause();
      EventLog.warn(LOG, LogEvent.CIRCUIT_PROBE_FAILED).with(LogField.BREAKER_STATE, State.OPEN.wire())
          .with(LogField.REASON, e.getMessage())
          .log("inference probe failed; the circuit stays open for {}: {}", config.openDuration(), e.getMessage());
      return State.OPEN;
    }
    store.close(clock.instant(), generation);
    consumption.resume();
    EventLog.info(LOG, LogEvent.CIRCUIT_CLOSED).with(LogField.BREAKER_STATE, State.CLOSED.wire())
        .log("inference probe answered; circuit closed, embedder consumption resumed");
    return State.CLOSED;
  }
}
