package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CollectorBackoffTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final CollectorBackoff backoff = new CollectorBackoff(Duration.ofSeconds(1), nanos::get);

  @Test
  void refused_holdsForTheBackoff_thenLets() {
    backoff.refused();

    boolean during = backoff.active();
    nanos.addAndGet(999_000_000L);
    boolean justBefore = backoff.active();
    nanos.addAndGet(1_000_000L);

    assertThat(during).isTrue();
    assertThat(justBefore).isTrue();
    assertThat(backoff.active()).as("the back-off has ended").isFalse();
  }

  @Test
  void answered_endsTheBackoff() {
    backoff.refused();

    backoff.answered();

    assertThat(backoff.active()).isFalse();
  }

  @Test
  void none_isNeverArmed() {
    CollectorBackoff.NONE.refused();

    assertThat(CollectorBackoff.NONE.active()).isFalse();
  }

  @Test
  void spanGuard_duringBackoff_dropsAndCounts_thenResumesExporting() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    ExportFailures failures = new ExportFailures("test");
    var guard = new GuardedExporters.SpanGuard(exporter, new InstanceResource(io.opentelemetry.sdk.resources.Resource.empty()),
        failures, backoff);
    backoff.refused();

    CompletableResultCode dropped1 = guard.export(List.of(span("a")));
    CompletableResultCode dropped2 = guard.export(List.of(span("b")));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    CompletableResultCode resumed = guard.export(List.of(span("c")));

    assertThat(dropped1.isSuccess()).isFalse();
    assertThat(dropped2.isSuccess()).isFalse();
    assertThat(failures.count()).as("each dropped batch is counted").isEqualTo(2);
    assertThat(resumed.isSuccess()).isTrue();
    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("c");
  }

  @Test
  void sender_connectionRefused_armsTheBackoff_answerEndsIt() throws Exception {
    var sender = UrlConnectionSender.loader(backoff);
    var down = io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + OtlpTestReceiver.freePort() + "/v1/traces").setComponentLoader(sender)
        .setRetryPolicy(null).build();
    down.export(List.of(span("refused"))).join(5, java.util.concurrent.TimeUnit.SECONDS);
    boolean armed = backoff.active();

    try (OtlpTestReceiver receiver = new OtlpTestReceiver(false)) {
      var up = io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
          .setEndpoint(receiver.endpoint() + "/v1/traces").setComponentLoader(sender).build();
      CompletableResultCode sent = up.export(List.of(span("sent"))).join(5, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(armed).isTrue();
      assertThat(sent.isSuccess()).isTrue();
      assertThat(backoff.active()).isFalse();
      up.shutdown();
    }
    down.shutdown();
  }

  private static SpanData span(String name) {
    return TestSpanData.builder().setName(name).setKind(SpanKind.INTERNAL).setStatus(StatusData.unset())
        .setStartEpochNanos(1).setEndEpochNanos(2).setHasEnded(true).build();
  }
}
