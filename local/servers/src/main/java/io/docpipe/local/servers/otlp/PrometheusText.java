package io.docpipe.local.servers.otlp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Renders series in the Prometheus text exposition format 0.0.4, numbers formatted as client_golang writes them. */
final class PrometheusText {
  private PrometheusText() {}

  static String render(List<MetricStore.Series> series) {
    Map<String, List<MetricStore.Series>> families = new TreeMap<>();
    for (MetricStore.Series s : series) families.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
    StringBuilder out = new StringBuilder();
    families.forEach((name, members) -> {
      // The newest series says what the family is; a series of another type (the metric was redefined) is left out,
      // since one name cannot carry two types.
      MetricStore.Series newest = members.getLast();
      out.append("# HELP ").append(name).append(' ').append(escapeHelp(newest.help())).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(newest.type().text()).append('\n');
      members.stream()
          .filter(s -> s.type() == newest.type())
          .sorted(Comparator.comparing(s -> labels(s.labels(), null, null)))
          .forEach(s -> samples(out, s));
    });
    return out.toString();
  }

  private static void samples(StringBuilder out, MetricStore.Series s) {
    MetricPoint p = s.point();
    switch (s.type()) {
      case COUNTER, GAUGE -> sample(out, s.name(), s.labels(), null, null, p.value());
      case HISTOGRAM -> {
        long cumulative = 0;
        for (int i = 0; i < p.explicitBounds().size() && i < p.bucketCounts().size(); i++) {
          cumulative += p.bucketCounts().get(i);
          sample(out, s.name() + "_bucket", s.labels(), "le", number(p.explicitBounds().get(i)), cumulative);
        }
        sample(out, s.name() + "_bucket", s.labels(), "le", "+Inf", p.count());
        if (p.sum() != null) sample(out, s.name() + "_sum", s.labels(), null, null, p.sum());
        sample(out, s.name() + "_count", s.labels(), null, null, p.count());
      }
      case SUMMARY -> {
        p.quantiles().forEach((q, v) -> sample(out, s.name(), s.labels(), "quantile", number(q), v));
        sample(out, s.name() + "_sum", s.labels(), null, null, p.sum());
        sample(out, s.name() + "_count", s.labels(), null, null, p.count());
      }
    }
  }

  private static void sample(StringBuilder out, String name, SortedMap<String, String> labels, String extraName,
      String extraValue, double value) {
    out.append(name).append(labels(labels, extraName, extraValue)).append(' ').append(number(value)).append('\n');
  }

  /** {@code le} or {@code quantile} goes last, after the sorted labels, where client_golang writes it. */
  private static String labels(SortedMap<String, String> labels, String extraName, String extraValue) {
    if (labels.isEmpty() && extraName == null) return "";
    StringBuilder out = new StringBuilder("{");
    labels.forEach((k, v) -> label(out, k, v));
    if (extraName != null) label(out, extraName, extraValue);
    return out.append('}').toString();
  }

  private static void label(StringBuilder out, String name, String value) {
    if (out.length() > 1) out.append(',');
    out.append(name).append("=\"").append(escapeLabel(value)).append('"');
  }

  /**
   * As Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: the shortest digits that read back as {@code v}, in
   * exponent form when the decimal exponent is below -4 or at least 6 ({@code 1e+06}, {@code 0.005}, {@code 2.5}).
   */
  static String number(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == 0) return "0";
    // Double.toString gives the shortest round-tripping digits (JDK 19+), as Go's shortest formatting does.
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String sign = v < 0 ? "-" : "";
    String digits = d.unscaledValue().toString();
    int exponent = digits.length() - 1 - d.scale();
    if (exponent >= -4 && exponent < 6) return sign + d.toPlainString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
