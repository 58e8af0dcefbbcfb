package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.api.ApiHandler;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.otlp.Mode;
import io.docpipe.local.servers.otlp.OtlpReceiver;
import io.docpipe.local.servers.otlp.Signal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flush-on-invoke, proven on the production api handler against a real OTLP receiver: Lambda freezes the environment
 * when the handler returns, so whatever is not at the collector by then is not sent until the next invocation, if
 * ever. Also: a collector that is down or hangs never fails an invocation, and a hanging one is not waited for.
 */
class FlushOnInvokeTest {
  private static final int FLUSH_TIMEOUT_MS = 500;
  /** The exporters' own timeout: an invocation that waited for it would take ten minutes. */
  private static final int EXPORT_TIMEOUT_MS = 600_000;
  private static final Duration NOT_WAITED_FOR = Duration.ofMinutes(1);

  private OtlpReceiver receiver;
  private FunctionEnvironment env;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start(0, null);
    env = FunctionEnvironment.forTest("flush", 30).telemetry(receiver.endpoint().toString())
        .with(Map.of("OTEL_SERVICE_NAME", "api", "TELEMETRY_FLUSH_TIMEOUT_MS", Integer.toString(FLUSH_TIMEOUT_MS)));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void spansOfAnInvocation_areAtTheCollectorBeforeTheHandlerReturns() {
    // The flush returns once the collector has answered; the long deadline only keeps a cold first flush on a busy
    // machine from being cut short.
    ApiHandler handler = ApiHandler.from(env.with("TELEMETRY_FLUSH_TIMEOUT_MS", "60000").build(), Clock.systemUTC());

    APIGatewayV2HTTPResponse response = submit(handler);

    // No waiting: the handler has returned, so in Lambda the environment is frozen from here on.
    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(receiver.requests(Signal.TRACES)).isPositive();
    assertThat(receiver.allSpans()).anySatisfy(s -> {
      assertThat(s.service()).isEqualTo("api");
      assertThat(s.attributes()).containsEntry("http.route", "/jobs");
    });
    assertThat(receiver.requests(Signal.LOGS)).isPositive();
    assertThat(receiver.requests(Signal.METRICS)).isPositive();
  }

  @Test
  void withFlushingTurnedOff_nothingArrivesBeforeTheHandlerReturns() {
    ApiHandler handler = ApiHandler.from(env.with("TELEMETRY_FLUSH", "false").build(), Clock.systemUTC());

    APIGatewayV2HTTPResponse response = submit(handler);

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(receiver.requests(Signal.TRACES)).isZero();
    assertThat(receiver.allSpans()).isEmpty();
  }

  @Test
  void collectorDownOrHanging_invocationsStillSucceed_andAHangingOneIsNotWaitedFor() {
    ApiHandler handler = ApiHandler.from(env.with("OTEL_EXPORTER_OTLP_TIMEOUT", Integer.toString(EXPORT_TIMEOUT_MS)).build(),
        Clock.systemUTC());
    submit(handler); // cold start out of the way
    Map<Mode, Long> medians = new java.util.EnumMap<>(Mode.class);
    long tracesBeforeReturn = 0;
    for (Mode mode : List.of(Mode.NORMAL, Mode.REFUSE, Mode.HANG, Mode.NORMAL)) {
      receiver.setMode(mode);
      tracesBeforeReturn = receiver.requests(Signal.TRACES);
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        // The bound is no timing: held requests end only by the exporters' ten-minute timeout, so an invocation that
        // waited for one would never get under it.
        APIGatewayV2HTTPResponse response = assertTimeoutPreemptively(NOT_WAITED_FOR, () -> submit(handler),
            "collector " + mode);
        millis.add((System.nanoTime() - start) / 1_000_000);
        assertThat(response.getStatusCode()).as("collector %s", mode).isEqualTo(202);
      }
      millis.sort(Long::compare);
      medians.put(mode, millis.get(millis.size() / 2));
    }
    System.out.printf("submit invocation, median of 5: collector up %d ms, refusing %d ms, hanging %d ms (flush deadline %d ms)%n",
        medians.get(Mode.NORMAL), medians.get(Mode.REFUSE), medians.get(Mode.HANG), FLUSH_TIMEOUT_MS);
    // Each probe is one more invocation: the first whose flush finds the dropped exports ended sends the spans.
    long before = tracesBeforeReturn;
    Await.until("exports to resume when the collector came back", Duration.ofSeconds(60), () -> {
      submit(handler);
      return receiver.requests(Signal.TRACES);
    }, n -> n > before);
  }

  private APIGatewayV2HTTPResponse submit(ApiHandler handler) {
    APIGatewayV2HTTPEvent event = EventFiles.load("api-submit-job.json", APIGatewayV2HTTPEvent.class);
    return handler.handleRequest(event, new LocalContext("api", Duration.ofSeconds(15), 1024));
  }
}
