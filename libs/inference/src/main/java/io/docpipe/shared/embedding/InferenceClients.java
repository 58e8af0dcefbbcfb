package io.docpipe.shared.embedding;

import io.docpipe.shared.breaker.BreakerConfig;
import io.docpipe.shared.breaker.CircuitBreakingEmbeddingClient;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * The one way the embedder and search reach the inference server: retries outside the circuit breaker (an open
 * circuit is not retried), the breaker outside the metered client (each real request is a span and a metric, a
 * request the breaker refused is neither).
 */
public final class InferenceClients {
  private InferenceClients() {}

  public static EmbeddingClient guarded(Env env, EmbeddingConfig config, BreakerStore breaker, Clock clock,
      Telemetry telemetry, String operation) {
    EmbeddingClient metered = new MeteredEmbeddingClient(new OpenAiEmbeddingClient(config), telemetry, operation);
    EmbeddingClient breaking = new CircuitBreakingEmbeddingClient(metered, breaker, BreakerConfig.fromEnv(env), clock,
        telemetry.metrics());
    return new RetryingEmbeddingClient(breaking, RetryPolicy.fromEnv(env), config.timeout(), telemetry.metrics(), operation);
  }
}
