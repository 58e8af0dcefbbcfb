package io.docpipe.shared.embedding;

import io.docpipe.shared.Invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.docpipe.local.servers.FaultyEmbeddingFault;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.FaultyEmbeddingServer.LoggedRequest;
import io.docpipe.local.servers.FaultyEmbeddingServer.Mode;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.SettableClock;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.BreakerStore.State;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inference client the embedder and search use ({@link InferenceClients#guarded}), against a fault-injecting
 * server over HTTP and the shared breaker state in DynamoDB Local. Two clients on one store stand for two execution
 * environments.
 */
class GuardedInferenceTest {
  private static final int DIMENSION = 8;

  private FaultyEmbeddingServer gpu;
  private BreakerStore store;
  private String table;
  private FunctionEnvironment env;

  @BeforeEach
  void setUp() {
    gpu = FaultyEmbeddingServer.start(0, DIMENSION);
    env = FunctionEnvironment.forTest("inference", 30);
    table = env.localResources().jobsTable();
    store = new DynamoBreakerStore(env.clients().dynamo(), table);
  }

  @AfterEach
  void tearDown() {
    gpu.close();
  }

  @Test
  void serverDown_opensTheSharedCircuitAfterFewCalls_andNoEnvironmentCallsItThen() {
    // A clock that stands still: the time until the probe is exact, however long the calls take.
    Clock clock = SettableClock.stoppedAt(Instant.parse("2030-01-01T00:00:00Z"));
    EmbeddingClient first = client(Map.of("EMBED_RETRY_MAX_ATTEMPTS", "1"), clock);
    EmbeddingClient second = client(Map.of("EMBED_RETRY_MAX_ATTEMPTS", "1"), clock);
    gpu.mode(Mode.UNAVAILABLE);

    for (int i = 0; i < 3; i++) assertThatThrownBy(() -> first.embed(List.of("a"), Invocation.UNBOUNDED)).isInstanceOf(EmbeddingFailure.class);
    int callsWhenOpened = gpu.count();
    EmbeddingFailure refused = catchFailure(() -> second.embed(List.of("b"), Invocation.UNBOUNDED));
    EmbeddingFailure again = catchFailure(() -> first.embed(List.of("c"), Invocation.UNBOUNDED));

    System.out.printf("calls before the circuit opened: %d; calls while open: %d%n", callsWhenOpened, gpu.count() - callsWhenOpened);
    assertThat(callsWhenOpened).as("BREAKER_MIN_CALLS").isEqualTo(3);
    assertThat(store.read().state()).isEqualTo(State.OPEN);
    assertThat(refused.kind()).isEqualTo(EmbeddingFailure.Kind.CIRCUIT_OPEN);
    assertThat(again.kind()).isEqualTo(EmbeddingFailure.Kind.CIRCUIT_OPEN);
    assertThat(refused.retryAfter()).as("until the probe, BREAKER_OPEN_SECONDS after opening")
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(gpu.count()).as("no request while open").isEqualTo(callsWhenOpened);
  }

  @Test
  void circuitClosedByTheProbe_isFollowedByTheEnvironmentWhoseOwnBreakerOpened() {
    EmbeddingClient client = client(Map.of("EMBED_RETRY_MAX_ATTEMPTS", "1"));
    gpu.mode(Mode.REFUSE);
    for (int i = 0; i < 3; i++) assertThatThrownBy(() -> client.embed(List.of("a"), Invocation.UNBOUNDED)).isInstanceOf(EmbeddingFailure.class);
    BreakerStore.Breaker open = store.read();
    assertThat(open.state()).isEqualTo(State.OPEN);

    gpu.mode(Mode.UP);
    store.halfOpen(open.since().plusSeconds(60), open.generation());
    store.close(open.since().plusSeconds(61), open.generation());

    assertThat(client.embed(List.of("back"), Invocation.UNBOUNDED).vectors()).hasSize(1);
  }

  @Test
  void throttling_isRetriedAfterRetryAfter_andNeverOpensTheCircuit() {
    EmbeddingClient client = client(Map.of("EMBED_RETRY_MAX_ATTEMPTS", "3", "EMBED_RETRY_BASE_MS", "10"));
    gpu.script(FaultyEmbeddingFault.throttle(1), FaultyEmbeddingFault.throttle(null), FaultyEmbeddingFault.ok());

    assertThat(client.embed(List.of("x", "y"), Invocation.UNBOUNDED).vectors()).hasSize(2);

    List<LoggedRequest> requests = gpu.requests();
    assertThat(requests).extracting(LoggedRequest::status).containsExactly(429, 429, 200);
    long gapMillis = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
    System.out.printf("gap after 429 with Retry-After: 1 -> %d ms%n", gapMillis);
    assertThat(gapMillis).as("waited Retry-After").isGreaterThanOrEqualTo(1000);
    assertThat(store.read().state()).isEqualTo(State.CLOSED);

    gpu.mode(Mode.THROTTLE);
    gpu.retryAfterSeconds(null);
    EmbeddingClient once = client(Map.of("EMBED_RETRY_MAX_ATTEMPTS", "1"));
    for (int i = 0; i < 5; i++) assertThat(catchFailure(() -> once.embed(List.of("z"), Invocation.UNBOUNDED)).status()).isEqualTo(429);
    assertThat(store.read().state()).as("a 429 says the server is alive").isEqualTo(State.CLOSED);
  }

  @Test
  void noTimeLeftForAnotherTry_givesUpAtOnce_withTheBackoffAsRetryAfter() {
    EmbeddingClient client = client(Map.of("EMBED_RETRY_MAX_ATTEMPTS", "5", "EMBED_RETRY_BASE_MS", "100"));
    gpu.mode(Mode.UNAVAILABLE);

    // 10 s rather than 2: on a loaded machine the breaker's state read alone took 2 s, and no first try was made.
    EmbeddingFailure failure = catchFailure(() -> new Invocations(Telemetry.noop("embedder"))
        .invokeOther("test", "other", new TimeLeft(10_000), invocation -> client.embed(List.of("a"), invocation)));

    assertThat(failure.kind()).isEqualTo(EmbeddingFailure.Kind.TRANSIENT);
    assertThat(failure.retryAfter()).as("handed to the queue as a visibility delay").isNotNull();
    assertThat(gpu.count()).as("a 30 s request timeout does not fit in 10 s: no retry").isEqualTo(1);
  }

  @Test
  void sharedStateUnreadable_callsGoAhead() {
    EmbeddingClient client = InferenceClients.guarded(Env.of(Map.of()), config(),
        new DynamoBreakerStore(env.clients().dynamo(), "no-such-table"), Clock.systemUTC(), Telemetry.noop("search"),
        SpanAttributes.OPERATION_READ);

    assertThat(client.embed(List.of("q"), Invocation.UNBOUNDED).vectors()).hasSize(1);
  }

  private EmbeddingClient client(Map<String, String> settings) {
    return client(settings, Clock.systemUTC());
  }

  private EmbeddingClient client(Map<String, String> settings, Clock clock) {
    return InferenceClients.guarded(Env.of(settings), config(), store, clock, Telemetry.noop("embedder"),
        SpanAttributes.OPERATION_WRITE);
  }

  private EmbeddingConfig config() {
    return new EmbeddingConfig(gpu.endpoint(), "bge-small-en-v1.5", DIMENSION, Duration.ofSeconds(30), 32, 16_384);
  }

  private static EmbeddingFailure catchFailure(Runnable call) {
    try {
      call.run();
    } catch (EmbeddingFailure f) {
      return f;
    }
    throw new AssertionError("expected an EmbeddingFailure");
  }

  /** Lambda's context as far as the frame reads it: the time the invocation has left. */
  private record TimeLeft(int getRemainingTimeInMillis) implements Context {
    @Override public String getAwsRequestId() { return "test"; }
    @Override public String getLogGroupName() { return "/aws/lambda/test"; }
    @Override public String getLogStreamName() { return "stream"; }
    @Override public String getFunctionName() { return "test"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:test"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return null; }
  }
}
