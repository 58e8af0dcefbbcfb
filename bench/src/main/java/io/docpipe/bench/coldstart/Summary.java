package io.docpipe.bench.coldstart;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The medians of one subject's samples. */
record Summary(int runs, double processMs, double initMs, double eventMs, double invokeMs, double classes) {

  static Summary of(List<Sample> samples) {
    return new Summary(samples.size(), median(samples, Sample::processMs), median(samples, Sample::initMs),
        median(samples, Sample::eventMs), median(samples, Sample::invokeMs), median(samples, s -> s.classes()));
  }

  static <T> double median(List<T> values, ToDoubleFunction<T> field) {
    double[] sorted = values.stream().mapToDouble(field).sorted().toArray();
    if (sorted.length == 0) return Double.NaN;
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static double median(double... values) {
    return median(Arrays.stream(values).boxed().toList(), Double::doubleValue);
  }
}
