package io.docpipe.shared.breaker;

import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.BreakerStore.Breaker;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.embedding.EmbeddingFailure;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference circuit breaker, in two layers. A resilience4j breaker in this execution environment detects an
 * outage from its own calls (failure rate over a time window, counting only failures that say the server is down:
 * unreachable, timed out, 5xx, 424; never 429, 413/422 or other 4xx). When it opens, the shared state in
 * {@link BreakerStore} opens too, and that shared state is what every environment checks before each request; only
 * the scheduled probe closes it again. So one environment's discovery stops them all, and an environment whose own
 * breaker tripped follows the shared state back to closed. The shared state is opened from the local breaker's own
 * transition to OPEN when a failure caused it (its event publisher, on the calling thread, inside {@code onError}),
 * not by reading its state after each call; the half-open probe that closes it again is {@link BreakerProbe}, in
 * this package too.
 *
 * <p>While open, calls fail at once with {@link EmbeddingFailure.Kind#CIRCUIT_OPEN} and a {@code retryAfter} of the
 * time left until the probe. If the shared state cannot be read, the call goes ahead: the shared store being down is
 * no reason to stop embedding.
 */
public final class CircuitBreakingEmbeddingClient implements EmbeddingClient {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingEmbeddingClient.class);
  private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

  private final EmbeddingClient delegate;
  private final BreakerStore shared;
  private final BreakerConfig config;
  private final Clock clock;
  private final Metrics metrics;
  private final CircuitBreaker local;
  /**
   * The failure this thread is handing to the local breaker, while it does: resilience4j publishes a transition on
   * the thread that caused it, so a transition to OPEN seen with one set was caused by a failure, and that failure is
   * the reason the shared state records. A transition to OPEN without one was caused by a success completing the
   * window's minimum of calls while old failures are still in it: news that the server answers, so it never opens the
   * shared state (right after the probe closed it, it did: BreakerProbeQueueTest found the circuit open again).
   */
  private final ThreadLocal<RuntimeException> recording = new ThreadLocal<>();

  public CircuitBreakingEmbeddingClient(EmbeddingClient delegate, BreakerStore shared, BreakerConfig config, Clock clock,
      Metrics metrics) {
    this.delegate = delegate;
    this.shared = shared;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.local = CircuitBreaker.of("inference", CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize((int) Math.max(1, config.window().toSeconds()))
        .minimumNumberOfCalls(config.minimumCalls())
        .failureRateThreshold(config.failureRatePercent())
        .waitDurationInOpenState(config.openDuration())
        .permittedNumberOfCallsInHalfOpenState(1)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordException(e -> e instanceof EmbeddingFailure f && f.serverDown())
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build());
    local.getEventPublisher().onStateTransition(event -> {
      RuntimeException cause = recording.get();
      if (cause != null && event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) trip(cause);
    });
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public Embeddings embed(List<String> inputs, Invocation invocation) {
    Breaker state = readShared();
    if (state != null) {
      metrics.set(PipelineMetrics.EMBEDDING_CIRCUIT_BREAKER_STATE, state.state().gauge());
      if (state.state() != BreakerStore.State.CLOSED) throw open(state);
      // Closed everywhere, though this environment's breaker opened: the probe found the server back.
      if (local.getState() != CircuitBreaker.State.CLOSED) local.reset();
    }
    if (!local.tryAcquirePermission()) throw open(state == null ? Breaker.INITIAL : state);
    long start = System.nanoTime();
    try {
      Embeddings result = delegate.embed(inputs, invocation);
      local.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (RuntimeException e) {
      recording.set(e);
      try {
        local.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e); // may trip(), through the transition event
      } finally {
        recording.remove();
      }
      throw e;
    }
  }

  private void trip(RuntimeException cause) {
    String reason = cause.getMessage();
    try {
      if (shared.open(clock.instant(), reason)) {
        metrics.set(PipelineMetrics.EMBEDDING_CIRCUIT_BREAKER_STATE, BreakerStore.State.OPEN.gauge());
        EventLog.error(LOG, LogEvent.CIRCUIT_OPENED).with(LogField.BREAKER_STATE, BreakerStore.State.OPEN.wire())
            .with(LogField.REASON, reason)
            .log("inference circuit opened after {}% of the last calls failed: {}", local.getMetrics().getFailureRate(), reason);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not open the shared inference circuit (this environment's breaker stays open): {}", e.toString());
    }
  }

  private Breaker readShared() {
    try {
      return shared.read();
    } catch (RuntimeException e) {
      LOG.warn("could not read the shared inference circuit state; calling the server anyway: {}", e.toString());
      return null;
    }
  }

  private EmbeddingFailure open(Breaker state) {
    Duration untilProbe = Duration.between(clock.instant(), state.probeAt(config.openDuration()));
    Duration retryAfter = untilProbe.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : untilProbe;
    return new EmbeddingFailure(EmbeddingFailure.Kind.CIRCUIT_OPEN, 0, retryAfter,
        "the inference circuit is " + state.state().wire() + " since " + state.since() + ": " + state.reason(), null);
  }
}
