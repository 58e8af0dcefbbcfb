package io.docpipe.shared.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingEmbeddingClientTest {
  private int calls;
  private final EmbeddingClient down = new EmbeddingClient() {
    @Override
    public Embeddings embed(List<String> inputs, Invocation invocation) {
      calls++;
      throw new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 503, "down", null);
    }

    @Override
    public String model() {
      return "bge";
    }
  };
  private final RetryingEmbeddingClient client = new RetryingEmbeddingClient(down,
      new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofSeconds(2),
      Telemetry.noop("embedder").metrics(), "write");

  @Test
  void embed_invocationWithoutTimeForAWaitAndARequest_givesUpAfterOneTry_withTheBackoffAsRetryAfter() {
    Invocation nearlyOver = new Invocation(() -> 1_500, 1, false);

    EmbeddingFailure failure = catchThrowableOfType(EmbeddingFailure.class, () -> client.embed(List.of("a"), nearlyOver));

    assertThat(calls).isEqualTo(1);
    assertThat(failure.kind()).isEqualTo(EmbeddingFailure.Kind.TRANSIENT);
    assertThat(failure.retryAfter()).isNotNull();
    assertThat(failure.getMessage()).startsWith("no invocation time left to retry");
  }

  @Test
  void embed_unboundedInvocation_triesEveryAttemptOfThePolicy() {
    EmbeddingFailure failure = catchThrowableOfType(EmbeddingFailure.class,
        () -> client.embed(List.of("a"), Invocation.UNBOUNDED));

    assertThat(calls).isEqualTo(5);
    assertThat(failure.getMessage()).startsWith("gave up after 5 attempts");
  }
}
