package io.docpipe.shared.telemetry;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Force-flushes traces, metrics and logs together under one deadline. A signal whose previous flush is still in
 * flight (a collector that accepted the connection and never answered) is not flushed or waited for again: its
 * exporter is busy until that request times out, so waiting would only add the whole deadline to every invocation.
 * The spans and logs it holds stay queued for the next flush.
 */
final class Flusher {
  /** What one flush did: whether everything it started completed in time, and how long it waited. */
  record Outcome(boolean completed, long nanos, int stuckSignals) {}

  private final List<Supplier<CompletableResultCode>> signals;
  private final CompletableResultCode[] inFlight;

  Flusher(OpenTelemetrySdk sdk) {
    this(List.of(() -> sdk.getSdkTracerProvider().forceFlush(), () -> sdk.getSdkMeterProvider().forceFlush(),
        () -> sdk.getSdkLoggerProvider().forceFlush()));
  }

  Flusher(List<Supplier<CompletableResultCode>> signals) {
    this.signals = signals;
    this.inFlight = new CompletableResultCode[signals.size()];
  }

  synchronized Outcome flush(long budgetMillis) {
    long start = System.nanoTime();
    List<CompletableResultCode> started = new ArrayList<>(signals.size());
    int stuck = 0;
    for (int i = 0; i < signals.size(); i++) {
      if (inFlight[i] != null && !inFlight[i].isDone()) {
        stuck++;
        continue;
      }
      try {
        inFlight[i] = signals.get(i).get();
      } catch (RuntimeException e) {
        inFlight[i] = CompletableResultCode.ofExceptionalFailure(e);
      }
      started.add(inFlight[i]);
    }
    CompletableResultCode all = CompletableResultCode.ofAll(started);
    if (budgetMillis > 0) all.join(budgetMillis, TimeUnit.MILLISECONDS);
    return new Outcome(stuck == 0 && all.isDone() && all.isSuccess(), System.nanoTime() - start, stuck);
  }
}
