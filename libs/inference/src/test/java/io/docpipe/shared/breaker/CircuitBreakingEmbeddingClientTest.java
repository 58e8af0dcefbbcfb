package io.docpipe.shared.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.embedding.EmbeddingFailure;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakingEmbeddingClientTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  private final RecordingStore shared = new RecordingStore();
  private EmbeddingFailure next = new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 503, "server down", null);
  private final EmbeddingClient server = new EmbeddingClient() {
    @Override
    public Embeddings embed(List<String> inputs, Invocation invocation) {
      if (next != null) throw next;
      return new Embeddings(List.of(new float[] {1f}), "bge", 1);
    }

    @Override
    public String model() {
      return "bge";
    }
  };
  private final CircuitBreakingEmbeddingClient client = new CircuitBreakingEmbeddingClient(server, shared,
      new BreakerConfig(3, 50, Duration.ofSeconds(60), Duration.ofSeconds(60), null), clock,
      Telemetry.noop("embedder").metrics());

  @Test
  void embed_thirdServerDownFailure_opensTheSharedCircuitOnce_withTheLastFailureAsReason() {
    for (int i = 0; i < 3; i++) catchThrowableOfType(EmbeddingFailure.class, () -> client.embed(List.of("a"), Invocation.UNBOUNDED));

    assertThat(shared.opened).containsExactly("server down");
  }

  /**
   * Two outage failures are below the minimum of three calls; the success that follows is the third call, and the
   * window's failure rate (67%) crosses the threshold on it, so the local breaker opens on a success. That happened
   * right after the probe closed the shared circuit (an environment still held failures from the outage) and, opened
   * from that transition, the shared circuit closed by the probe opened again. A success is news that the server
   * answers: it never opens the shared circuit.
   */
  @Test
  void embed_aSuccessThatCompletesTheWindowsMinimum_neverOpensTheSharedCircuit() {
    for (int i = 0; i < 2; i++) catchThrowableOfType(EmbeddingFailure.class, () -> client.embed(List.of("a"), Invocation.UNBOUNDED));
    next = null;

    client.embed(List.of("b"), Invocation.UNBOUNDED);

    assertThat(shared.opened).isEmpty();
    assertThat(client.embed(List.of("c"), Invocation.UNBOUNDED).vectors()).as("this environment follows the shared state")
        .hasSize(1);
  }

  @Test
  void embed_failuresThatDoNotMeanTheServerIsDown_neverOpenTheCircuit() {
    next = new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 429, "slow down", null);

    for (int i = 0; i < 5; i++) catchThrowableOfType(EmbeddingFailure.class, () -> client.embed(List.of("a"), Invocation.UNBOUNDED));

    assertThat(shared.opened).isEmpty();
  }

  @Test
  void embed_whileTheLocalBreakerIsOpen_failsFastAsCircuitOpen_withoutCallingTheServer() {
    for (int i = 0; i < 3; i++) catchThrowableOfType(EmbeddingFailure.class, () -> client.embed(List.of("a"), Invocation.UNBOUNDED));
    shared.state = BreakerStore.State.CLOSED; // the shared read fails or lags: the local breaker still refuses
    shared.readFails = true;
    next = null;

    EmbeddingFailure refused = catchThrowableOfType(EmbeddingFailure.class, () -> client.embed(List.of("b"), Invocation.UNBOUNDED));

    assertThat(refused.kind()).isEqualTo(EmbeddingFailure.Kind.CIRCUIT_OPEN);
    assertThat(shared.opened).hasSize(1);
  }

  private static final class RecordingStore implements BreakerStore {
    final List<String> opened = new ArrayList<>();
    State state = State.CLOSED;
    boolean readFails;

    @Override
    public Breaker read() {
      if (readFails) throw new IllegalStateException("table unreachable");
      return new Breaker(state, Instant.EPOCH, 0, null);
    }

    @Override
    public boolean open(Instant now, String reason) {
      opened.add(reason);
      state = State.OPEN;
      return true;
    }

    @Override
    public boolean halfOpen(Instant now, long generation) {
      return false;
    }

    @Override
    public boolean close(Instant now, long generation) {
      return false;
    }

    @Override
    public boolean reopen(Instant now, long generation, String reason) {
      return false;
    }
  }
}
