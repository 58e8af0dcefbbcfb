package io.docpipe.shared.embedding;

import io.docpipe.shared.Env;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How transient inference failures are tried again: at most {@code maxAttempts} requests per batch, exponential
 * backoff with full jitter between them (so environments that failed together do not retry together), and never
 * sooner than the server's {@code Retry-After}.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("EMBED_RETRY_MAX_ATTEMPTS must be >= 1, was " + maxAttempts);
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max, were " + baseDelay + " and " + maxDelay);
    }
  }

  public static RetryPolicy fromEnv(Env env) {
    return new RetryPolicy(
        env.intValue("EMBED_RETRY_MAX_ATTEMPTS", 4, 1, 20),
        Duration.ofMillis(env.intValue("EMBED_RETRY_BASE_MS", 200, 0, 60_000)),
        Duration.ofMillis(env.intValue("EMBED_RETRY_MAX_MS", 10_000, 0, 900_000)));
  }

  /**
   * The wait before the next request after {@code failures} failed ones: uniform in [0, min(max, base * 2^(failures-1))],
   * raised to {@code retryAfter} when the server named one.
   */
  public Duration delay(int failures, Duration retryAfter, DoubleSupplier random) {
    long cap = maxDelay.toMillis();
    long exponential = baseDelay.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
    long ceiling = exponential < 0 ? cap : Math.min(cap, exponential);
    long jittered = (long) (random.getAsDouble() * ceiling);
    long floor = retryAfter == null ? 0 : retryAfter.toMillis();
    return Duration.ofMillis(Math.max(jittered, floor));
  }
}
