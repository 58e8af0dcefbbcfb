package io.docpipe.eval;

import io.docpipe.local.servers.otlp.ReceivedSpan;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each function's time went, read from its own spans: count, mean and total milliseconds per span name, for the
 * spans that started in a time window. The pipeline explains its speed with the same telemetry users get.
 */
final class SpanTimes {
  private SpanTimes() {}

  record Stat(long count, double meanMs, double totalSeconds) {}

  /** By "service: span name", largest total first. */
  static Map<String, Stat> of(List<ReceivedSpan> spans, long fromEpochNanos, long toEpochNanos) {
    Map<String, long[]> sums = new TreeMap<>();
    for (ReceivedSpan s : spans) {
      if (s.startEpochNanos() < fromEpochNanos || s.startEpochNanos() > toEpochNanos) continue;
      long[] sum = sums.computeIfAbsent(s.service() + ": " + s.name(), k -> new long[2]);
      sum[0]++;
      sum[1] += s.durationNanos();
    }
    Map<String, Stat> out = new LinkedHashMap<>();
    sums.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
        .forEach(e -> out.put(e.getKey(), new Stat(e.getValue()[0], Evaluation.round(e.getValue()[1] / 1e6 / e.getValue()[0]),
            Evaluation.round(e.getValue()[1] / 1e9))));
    return out;
  }
}
