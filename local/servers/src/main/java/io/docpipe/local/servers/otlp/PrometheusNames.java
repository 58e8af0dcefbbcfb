package io.docpipe.local.servers.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTel metric and attribute names to Prometheus names, by the rules of the OpenTelemetry Collector's Prometheus
 * translator with metric suffixes on and UTF-8 off, which Mimir's OTLP endpoint applies by default (now in
 * prometheus/otlptranslator: {@code normalizeName}, {@code buildUnitSuffixes}, {@code LabelNamer.Build}):
 * <ul>
 *   <li>the name is split at every character outside {@code [a-zA-Z0-9:]} and the pieces joined with {@code _};
 *   <li>the unit before {@code /} becomes a suffix through a map ({@code s} to {@code seconds}, {@code By} to
 *       {@code bytes}, {@code 1} to nothing...), one after {@code /} becomes {@code per_<unit>} ({@code s} to
 *       {@code second}...); a unit in braces ({@code {request}}) adds nothing, nor does a suffix the name already
 *       has as one of its pieces;
 *   <li>a monotonic sum ends in {@code total}, and a gauge with unit {@code 1} in {@code ratio}, each moved to the
 *       end rather than repeated;
 *   <li>a name starting with a digit gets a leading {@code _}.
 * </ul>
 */
final class PrometheusNames {
  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
      Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
      Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
      Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
      Map.entry("1", ""), Map.entry("%", "percent"));
  private static final Map<String, String> PER_UNITS = Map.of(
      "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

  private PrometheusNames() {}

  /**
   * The Prometheus name of an OTel metric, or an empty string when nothing valid is left of it (the translator then
   * drops the metric).
   */
  static String metric(String name, String unit, boolean monotonicSum, boolean gauge) {
    List<String> tokens = tokens(name);
    String[] units = unit.split("/", 2);
    String main = units[0].strip();
    if (!main.isEmpty() && !containsBrace(main)) {
      String suffix = cleanUnit(UNITS.getOrDefault(main, main));
      if (!suffix.isEmpty() && !tokens.contains(suffix)) tokens.add(suffix);
    }
    if (units.length > 1 && !units[1].strip().isEmpty() && !containsBrace(units[1])) {
      String per = units[1].strip();
      String suffix = cleanUnit(PER_UNITS.getOrDefault(per, per));
      // Unlike the main unit, never skipped: the translator looks for "per_<unit>" among tokens that hold no "_".
      if (!suffix.isEmpty()) tokens.add("per_" + suffix);
    }
    if (monotonicSum) moveToEnd(tokens, "total");
    if (gauge && "1".equals(unit)) moveToEnd(tokens, "ratio");
    String joined = String.join("_", tokens);
    if (joined.chars().allMatch(c -> c == '_')) return "";
    return Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
  }

  /** Invalid characters become {@code _}; a leading digit or single {@code _} gets a {@code key} prefix. */
  static String label(String name) {
    if (name.isEmpty()) return name;
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(c -> out.append(isAsciiLetterOrDigit(c) || c == '_' ? (char) c : '_'));
    String label = out.toString();
    if (Character.isDigit(label.charAt(0))) return "key_" + label;
    if (label.startsWith("_") && !label.startsWith("__")) return "key" + label;
    return label;
  }

  private static List<String> tokens(String name) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    name.codePoints().forEach(c -> {
      if (isAsciiLetterOrDigit(c) || c == ':') {
        token.append((char) c);
      } else if (!token.isEmpty()) {
        tokens.add(token.toString());
        token.setLength(0);
      }
    });
    if (!token.isEmpty()) tokens.add(token.toString());
    return tokens;
  }

  /** Invalid characters to {@code _}, runs of {@code _} to one, and no leading {@code _}. */
  private static String cleanUnit(String unit) {
    StringBuilder out = new StringBuilder(unit.length());
    unit.codePoints().forEach(c -> {
      char mapped = isAsciiLetterOrDigit(c) || c == ':' ? (char) c : '_';
      if (mapped != '_' || (!out.isEmpty() && out.charAt(out.length() - 1) != '_')) out.append(mapped);
    });
    return out.toString().replaceAll("_$", "");
  }

  private static void moveToEnd(List<String> tokens, String suffix) {
    tokens.removeIf(suffix::equals);
    tokens.add(suffix);
  }

  private static boolean containsBrace(String unit) {
    return unit.indexOf('{') >= 0 || unit.indexOf('}') >= 0;
  }

  private static boolean isAsciiLetterOrDigit(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
