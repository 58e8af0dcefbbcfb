package io.docpipe.shared.breaker;

import io.docpipe.shared.Env;
import java.time.Duration;

/**
 * The inference circuit breaker, tuned for Lambda: an execution environment handles a few batches a minute, so the
 * window is time-based and the breaker may open after only {@code minimumCalls} requests in it; {@code openDuration}
 * is how long the circuit stays open before a probe may close it; {@code probeQueueUrl} is the queue that delivers
 * that probe when it is due, or null when only the scanner probes.
 */
public record BreakerConfig(int minimumCalls, float failureRatePercent, Duration window, Duration openDuration,
    String probeQueueUrl) {

  public BreakerConfig {
    if (minimumCalls < 1) throw new IllegalArgumentException("BREAKER_MIN_CALLS must be >= 1, was " + minimumCalls);
    if (failureRatePercent <= 0 || failureRatePercent > 100) {
      throw new IllegalArgumentException("BREAKER_FAILURE_RATE_PERCENT must be in (0, 100], was " + failureRatePercent);
    }
  }

  public static BreakerConfig fromEnv(Env env) {
    return new BreakerConfig(
        env.intValue("BREAKER_MIN_CALLS", 3, 1, 1000),
        env.intValue("BREAKER_FAILURE_RATE_PERCENT", 50, 1, 100),
        Duration.ofSeconds(env.intValue("BREAKER_WINDOW_SECONDS", 60, 1, 3600)),
        Duration.ofSeconds(env.intValue("BREAKER_OPEN_SECONDS", 60, 1, 86_400)),
        env.optional("PROBE_QUEUE_URL", null));
  }
}
