package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlusherTest {

  @Test
  void flush_allSignalsDone_completes() {
    Flusher flusher = new Flusher(List.of(CompletableResultCode::ofSuccess, CompletableResultCode::ofSuccess));

    assertThat(flusher.flush(1000).completed()).isTrue();
  }

  @Test
  void flush_aSignalThatNeverAnswers_isWaitedForOnce_thenSkippedWhileInFlight() {
    AtomicInteger hangingStarts = new AtomicInteger();
    AtomicInteger healthyStarts = new AtomicInteger();
    Flusher flusher = new Flusher(List.of(
        () -> {
          hangingStarts.incrementAndGet();
          return new CompletableResultCode(); // never completes
        },
        () -> {
          healthyStarts.incrementAndGet();
          return CompletableResultCode.ofSuccess();
        }));

    Flusher.Outcome first = flusher.flush(50);
    Flusher.Outcome second = flusher.flush(50);

    assertThat(first.completed()).isFalse();
    assertThat(first.nanos()).isGreaterThanOrEqualTo(40_000_000L);
    assertThat(second.completed()).isFalse();
    assertThat(second.stuckSignals()).isEqualTo(1);
    assertThat(hangingStarts).hasValue(1);
    assertThat(healthyStarts).as("the healthy signal is still flushed every time").hasValue(2);
  }

  @Test
  void flush_aSignalThatThrows_isAFailedFlush_notAnException() {
    Flusher flusher = new Flusher(List.of(() -> {
      throw new IllegalStateException("exporter bug");
    }));

    assertThat(flusher.flush(100).completed()).isFalse();
  }
}
