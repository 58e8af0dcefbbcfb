package io.docpipe.bench.search;

import java.util.Arrays;

/** Latency percentiles by nearest rank: p99 of 200 samples is the second slowest, never an interpolation. */
record Percentiles(double p50, double p95, double p99) {
  static Percentiles of(double[] samples) {
    if (samples.length == 0) throw new IllegalArgumentException("no samples");
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Percentiles(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99));
  }

  static double rank(double[] sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
