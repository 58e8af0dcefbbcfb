package io.docpipe.eval;

import java.util.ArrayList;
import java.util.List;

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

  /** The values of every series of {@code metric}, whatever its labels (a series without labels too). */
  static List<Double> values(String text, String metric) {
    List<Double> values = new ArrayList<>();
    if (text == null) return values;
    for (String line : text.split("\n")) {
      if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) continue;
      int labelsEnd = line.lastIndexOf('}');
      String[] parts = line.substring(labelsEnd < 0 ? metric.length() : labelsEnd + 1).trim().split("\\s+");
      try {
        values.add(Double.parseDouble(parts[0]));
      } catch (NumberFormatException e) {
        // a malformed line counts for nothing
      }
    }
    return values;
  }
}
