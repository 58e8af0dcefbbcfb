package io.docpipe.local.servers.otlp;

import io.docpipe.local.servers.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failures the receiver acts out, seen from the SDK's own OTLP/HTTP span exporter. Retries are off in these
 * exporters so that each export is one request: with the SDK's default policy, the JDK sender retries a refused or
 * timed-out request with backoff until the exporter's timeout has passed.
 */
class OtlpReceiverModeTest {
  /** How long a test waits for an outcome; it goes on as soon as there is one. */
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** An exporter timeout no test waits for: a request that ends did not time out. */
  private static final Duration ENDLESS = Duration.ofMinutes(10);

  private OtlpReceiver receiver;
  private final List<OtlpHttpSpanExporter> exporters = new ArrayList<>();

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start(0, null);
  }

  @AfterEach
  void stop() {
    exporters.forEach(SpanExporter::close);
    receiver.close();
  }

  @Test
  void refuse_closesThePort_andTheExporterFailsAtOnce() {
    receiver.setMode(Mode.REFUSE);
    OtlpHttpSpanExporter exporter = exporter(ENDLESS);

    CompletableResultCode result = join(exporter.export(spans("refused")));

    // Ended long before its timeout could, by a refused connection: not held, not timed out.
    assertThat(result.isSuccess()).isFalse();
    assertThat(causes(result.getFailureThrowable())).hasAtLeastOneElementOfType(ConnectException.class)
        .doesNotHaveAnyElementsOfTypes(HttpTimeoutException.class);
    assertThatThrownBy(() -> connect(receiver.port())).isInstanceOf(ConnectException.class);
    assertThat(receiver.requests(Signal.TRACES)).isZero();
  }

  @Test
  void normal_afterRefuse_listensOnTheSamePortAgain() {
    int port = receiver.port();
    OtlpHttpSpanExporter exporter = exporter(ENDLESS);
    assertThat(join(exporter.export(spans("before"))).isSuccess()).isTrue();
    receiver.setMode(Mode.REFUSE);
    assertThat(join(exporter.export(spans("while refused"))).isSuccess()).isFalse();

    receiver.setMode(Mode.NORMAL);

    assertThat(receiver.port()).isEqualTo(port);
    assertThat(receiver.endpoint().getPort()).isEqualTo(port);
    assertThat(join(exporter.export(spans("after"))).isSuccess()).isTrue();
    assertThat(receiver.allSpans()).extracting(ReceivedSpan::name).containsExactly("before", "after");
  }

  @Test
  void hang_holdsTheRequest_untilTheExporterTimesOut() {
    receiver.setMode(Mode.HANG);
    OtlpHttpSpanExporter exporter = exporter(Duration.ofSeconds(1));

    long begin = System.nanoTime();
    CompletableResultCode result = join(exporter.export(spans("held")));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    // Held until the exporter's own timeout ended it: a timeout, and not before it was due.
    assertThat(result.isSuccess()).isFalse();
    assertThat(causes(result.getFailureThrowable())).hasAtLeastOneElementOfType(HttpTimeoutException.class);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(receiver.requests(Signal.TRACES)).isEqualTo(1);
    assertThat(receiver.allSpans()).isEmpty();
  }

  @Test
  void leavingHang_dropsTheHeldRequest_andServesTheNextOne() {
    receiver.setMode(Mode.HANG);
    OtlpHttpSpanExporter exporter = exporter(ENDLESS);
    CompletableResultCode held = exporter.export(spans("held"));
    Await.until("the request to be held", WAIT, () -> receiver.requests(Signal.TRACES), n -> n == 1);
    assertThat(held.isDone()).isFalse();

    receiver.setMode(Mode.NORMAL);

    assertThat(join(held).isSuccess()).isFalse();
    // The connection closed with no response: "HTTP/1.1 header parser received no bytes" from the JDK client.
    assertThat(causes(held.getFailureThrowable())).hasAtLeastOneElementOfType(IOException.class)
        .doesNotHaveAnyElementsOfTypes(HttpTimeoutException.class);
    assertThat(join(exporter.export(spans("served"))).isSuccess()).isTrue();
    assertThat(receiver.allSpans()).extracting(ReceivedSpan::name).containsExactly("served");
  }

  @Test
  void close_whileHanging_releasesTheHeldRequest() {
    // A receiver whose close would wait for ever for a handler still holding its request, rather than interrupt it
    // after a grace: close returns only because it released the held request itself.
    receiver.close();
    receiver = OtlpReceiver.start(0, null, Duration.ofDays(1));
    receiver.setMode(Mode.HANG);
    CompletableResultCode held = exporter(ENDLESS).export(spans("held"));
    Await.until("the request to be held", WAIT, () -> receiver.requests(Signal.TRACES), n -> n == 1);

    // The bound is no timing: it turns a close that hangs into a failure.
    assertTimeoutPreemptively(WAIT, receiver::close);

    assertThat(join(held).isSuccess()).isFalse();
    assertThat(causes(held.getFailureThrowable())).doesNotHaveAnyElementsOfTypes(HttpTimeoutException.class);
    assertThatThrownBy(() -> receiver.setMode(Mode.NORMAL)).isInstanceOf(IllegalStateException.class);
  }

  /** Waits for the export to end, failing if it has not within {@link #WAIT}. */
  private static CompletableResultCode join(CompletableResultCode result) {
    assertThat(result.join(WAIT.toSeconds(), TimeUnit.SECONDS).isDone()).as("the export ended").isTrue();
    return result;
  }

  private OtlpHttpSpanExporter exporter(Duration timeout) {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(receiver.endpoint() + Signal.TRACES.path())
        .setTimeout(timeout)
        .setRetryPolicy((RetryPolicy) null)
        .build();
    exporters.add(exporter);
    return exporter;
  }

  /** One finished span, recorded by a real tracer so that the exporter gets real {@link SpanData}. */
  private static Collection<SpanData> spans(String name) {
    List<SpanData> finished = new ArrayList<>();
    SpanExporter collect = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        finished.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    try (SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(collect)).build()) {
      tracing.get("io.docpipe.test").spanBuilder(name).startSpan().end();
    }
    return finished;
  }

  /** The exporter wraps the sender's exception two or three times; the cause that says what happened is inside. */
  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
    return chain;
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
    }
  }
}
