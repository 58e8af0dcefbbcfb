package io.docpipe.bench.coldstart;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the medians into the table and the {@code coldstart} object of results.json. A function's cold start is its
 * whole process with telemetry on, as deployed; telemetry's cost is that minus the same function with telemetry off,
 * both against the bare handler measured in the same interleaved rounds.
 */
final class Report {
  private final Map<String, Summary> byLabel;
  private final List<Subject> subjects;

  Report(List<Subject> subjects, Map<String, Summary> byLabel) {
    this.subjects = subjects;
    this.byLabel = byLabel;
  }

  ObjectNode json() {
    ObjectNode all = JsonNodeFactory.instance.objectNode();
    Summary bare = byLabel.get(Subject.BARE);
    for (Subject s : subjects) {
      if (!s.telemetry() && !s.function().equals(Subject.BARE)) continue;
      Summary on = byLabel.get(s.label());
      Summary off = off(s);
      ObjectNode row = all.putObject(s.function());
      row.put("ratio_to_bare", round(on.processMs() / bare.processMs(), 2));
      row.put("jar_mb", round(megabytes(s.jar()), 1));
      row.put("init_ms", round(on.initMs(), 1));
      row.put("first_invoke_ms", round(on.invokeMs(), 1));
      row.put("process_ms", round(on.processMs(), 1));
      row.put("classes_loaded", Math.round(on.classes()));
      row.put("telemetry_ms", round(on.processMs() - off.processMs(), 1));
      row.put("telemetry_share", round((on.processMs() - off.processMs()) / on.processMs(), 3));
      row.put("ratio_to_bare_telemetry_off", round(off.processMs() / bare.processMs(), 2));
      row.put("classes_loaded_telemetry_off", Math.round(off.classes()));
      row.put("runs", on.runs());
    }
    return all;
  }

  void print(PrintStream out) {
    out.println();
    out.println("| function | jar MB | classes | init ms | first invoke ms | process ms | ratio to bare | telemetry ms (share) "
        + "| ratio, telemetry off |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    Summary bare = byLabel.get(Subject.BARE);
    for (Subject s : subjects) {
      if (!s.telemetry() && !s.function().equals(Subject.BARE)) continue;
      Summary on = byLabel.get(s.label());
      Summary off = off(s);
      boolean isBare = s.function().equals(Subject.BARE);
      double telemetry = on.processMs() - off.processMs();
      out.println(String.format(Locale.ROOT, "| %s | %.1f | %,d | %.0f | %.0f | %.0f | %.2fx | %s | %s |", s.function(),
          megabytes(s.jar()), Math.round(on.classes()), on.initMs(), on.invokeMs(), on.processMs(),
          on.processMs() / bare.processMs(),
          isBare ? "-" : String.format(Locale.ROOT, "%.0f (%.0f%%)", telemetry, 100 * telemetry / on.processMs()),
          isBare ? "-" : String.format(Locale.ROOT, "%.2fx", off.processMs() / bare.processMs())));
    }
    out.printf(Locale.ROOT, "(medians of %d interleaved runs per row; JVM flags %s)%n", bare.runs(), ChildJvm.JVM_FLAGS);
  }

  private Summary off(Subject s) {
    return byLabel.getOrDefault(s.function() + "-telemetry", byLabel.get(s.label()));
  }

  private static double megabytes(Path jar) {
    try {
      return Files.size(jar) / 1e6;
    } catch (java.io.IOException e) {
      return Double.NaN;
    }
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
