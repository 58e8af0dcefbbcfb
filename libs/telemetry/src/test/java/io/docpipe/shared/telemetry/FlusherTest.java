package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

  @Test
  void flush_duringBackoff_skipsCollectingMetrics_countsTheDrop_thenResumes() {
    AtomicLong nanos = new AtomicLong();
    CollectorBackoff backoff = new CollectorBackoff(Duration.ofSeconds(1), nanos::get);
    ExportFailures failures = new ExportFailures("test");
    AtomicInteger metricExports = new AtomicInteger();
    var exporter = new MetricExporter() {
      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        metricExports.incrementAndGet();
        return CompletableResultCode.ofSuccess();
      }

      @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
      @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
      @Override
      public AggregationTemporality getAggregationTemporality(InstrumentType type) {
        return AggregationTemporality.CUMULATIVE;
      }
    };
    var sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(exporter)
                .setInterval(SdkFactory.TIMERS_OFF).build()).build())
        .build();
    sdk.getMeter("test").counterBuilder("c").build().add(1);
    Flusher flusher = new Flusher(sdk, backoff, failures);
    backoff.refused();

    Flusher.Outcome during = flusher.flush(1000);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    Flusher.Outcome after = flusher.flush(1000);

    assertThat(during.completed()).isFalse();
    assertThat(failures.count()).as("the skipped metrics export is counted").isEqualTo(1);
    assertThat(after.completed()).isTrue();
    assertThat(metricExports).as("collected and exported only after the back-off").hasValue(1);
    sdk.shutdown();
  }
}
