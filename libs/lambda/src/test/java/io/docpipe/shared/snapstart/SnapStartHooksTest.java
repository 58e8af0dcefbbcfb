package io.docpipe.shared.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.RedeliveryBackoff;
import io.docpipe.shared.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hooks as Lambda drives them: before-checkpoint once when the version is published, after-restore in every
 * environment restored from that snapshot. A restore is simulated by putting the generator back in the state the
 * snapshot holds ({@link Randomness#setSeedForTest}), as every restored environment starts from it.
 */
class SnapStartHooksTest {
  private static final long SNAPSHOT_STATE = 20261207L;

  private final SnapStartHooks hooks = new SnapStartHooks("test-function", SnapStartHooksTest.class.getClassLoader());

  @Test
  void hooks_primeBeforeTheCheckpoint_thenRestoreAfterTheRandomnessIsReseeded() {
    // Arrange
    List<String> calls = new ArrayList<>();
    hooks.primeWith(() -> calls.add("primed")).onRestore(() -> calls.add("restored"));

    // Act
    hooks.beforeCheckpoint(null);
    calls.add("snapshot");
    hooks.afterRestore(null);

    // Assert
    assertThat(calls).containsExactly("primed", "snapshot", "restored");
  }

  @Test
  void twoRestoresOfOneSnapshot_drawDifferentIdsAndJitter() {
    // Arrange: what each restore would draw without the hook, and with it.
    List<String> withoutHook = List.of(idsAfterRestore(false), idsAfterRestore(false));
    List<String> withHook = List.of(idsAfterRestore(true), idsAfterRestore(true));

    // Assert: the snapshot's state repeats itself unless reseeded.
    assertThat(withoutHook.get(0)).isEqualTo(withoutHook.get(1));
    assertThat(withHook.get(0)).isNotEqualTo(withHook.get(1));
  }

  private String idsAfterRestore(boolean runHook) {
    Randomness.setSeedForTest(SNAPSHOT_STATE);
    if (runHook) hooks.afterRestore(null);
    Duration jitter = RedeliveryBackoff.DEFAULT.delay(8, null);
    return RandomIds.INSTANCE.generateTraceId() + "/" + RandomIds.INSTANCE.generateSpanId() + "/" + jitter.toMillis();
  }

  @Test
  void functionsTelemetry_drawsItsTraceIdsFromTheReseededGenerator() {
    // Arrange: telemetry as a function builds it at init (nothing listens on the endpoint; no flush here).
    Telemetry telemetry = Telemetry.create("snapstart-test", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9",
        "AWS_LAMBDA_FUNCTION_NAME", "snapstart-test"));
    Randomness.setSeedForTest(SNAPSHOT_STATE);
    Random snapshot = new Random(SNAPSHOT_STATE);

    // Act
    Span span = telemetry.tracer().spanBuilder("first after restore").startSpan();
    span.end();

    // Assert: the span id and the trace id are the generator's next draws (the SDK makes the span id first), so a
    // restore's reseed reaches every span.
    assertThat(span.getSpanContext().getSpanId()).isEqualTo(SpanId.fromLong(snapshot.nextLong()));
    assertThat(span.getSpanContext().getTraceId())
        .isEqualTo(TraceId.fromLongs(snapshot.nextLong(), snapshot.nextLong()));
  }

  @Test
  void priming_loadsTheListedClasses_andSurvivesAFailingPrimerAndAStaleName() {
    // Arrange
    SnapStartHooks listed = new SnapStartHooks("listed", SnapStartHooksTest.class.getClassLoader());
    listed.primeWith(() -> { throw new IllegalStateException("a primer that fails"); });
    List<Boolean> ran = new ArrayList<>();
    listed.primeWith(() -> ran.add(true));

    // Act
    SnapStartHooks.Priming priming = listed.prime();

    // Assert: the test resource docpipe/prime/listed.classes names two classes and one that no longer exists.
    assertThat(priming).isEqualTo(new SnapStartHooks.Priming(2, 1, 1));
    assertThat(ran).as("the primer after the failing one still ran").containsExactly(true);
  }

  @Test
  void jsonPrimer_roundTripsTheMessages() {
    Primers.json();
  }
}
