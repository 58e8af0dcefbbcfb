package io.docpipe.eval;

/** Reads one sum out of Prometheus' text format, enough for the counters the harness compares before and after. */
final class PrometheusText {
  private PrometheusText() {}

  /** The sum of every series of {@code metric} whose label {@code label} is {@code value}; 0 when there is none. */
  static double sum(String text, String metric, String label, String value) {
    if (text == null) return 0;
    double sum = 0;
    String wanted = label + "=\"" + value + "\"";
    for (String line : text.split("\n")) {
      if (!line.startsWith(metric + "{") || !line.contains(wanted)) continue;
      String[] parts = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+");
      try {
        sum += Double.parseDouble(parts[0]);
      } catch (NumberFormatException e) {
        // a malformed line counts for nothing
      }
    }
    return sum;
  }
}
