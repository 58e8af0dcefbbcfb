package io.docpipe.dashboards;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values for a dashboard's template variables as Grafana would pick them, and their substitution into queries. A
 * {@code label_values} variable asks Prometheus (all values as a regex alternation when the variable is multi-value
 * or has All, else the first); textbox, constant and custom variables keep their current value; values given by the
 * caller win (built-ins such as {@code __rate_interval} must be given).
 */
public final class TemplateValues {
  private static final Pattern LABEL_VALUES = Pattern.compile(
      "^\\s*label_values\\(\\s*(?:(.*),\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[A-Za-z]+)?}|\\$([A-Za-z0-9_]+)");

  private TemplateValues() {}

  public static Map<String, String> resolve(Dashboard dashboard, Map<String, String> given, PrometheusApi prometheus)
      throws IOException {
    Map<String, String> values = new LinkedHashMap<>(given);
    for (Variable v : dashboard.variables()) {
      if (values.containsKey(v.name()) || v.type().equals("datasource")) continue;
      values.put(v.name(), switch (v.type()) {
        case "query" -> fromPrometheus(v, values, prometheus);
        case "custom" -> v.current().isEmpty() ? v.query().split(",")[0].trim() : v.current();
        default -> v.current().isEmpty() ? v.query() : v.current();
      });
    }
    return values;
  }

  /** Replaces {@code $name}, {@code ${name}} and {@code ${name:format}}; unknown names are left as they are. */
  public static String substitute(String text, Map<String, String> values) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    return m.appendTail(out).toString();
  }

  private static String fromPrometheus(Variable v, Map<String, String> values, PrometheusApi prometheus)
      throws IOException {
    Matcher m = LABEL_VALUES.matcher(v.query());
    if (!m.matches()) throw new IllegalArgumentException("$" + v.name() + ": only label_values(...) queries, was " + v.query());
    String selector = m.group(1) == null ? null : substitute(m.group(1), values);
    List<String> found = prometheus.labelValues(m.group(2), selector);
    if (found.isEmpty()) return v.allValue() != null ? v.allValue() : "";
    boolean all = v.multi() || v.allValue() != null || "$__all".equals(v.current());
    return all ? String.join("|", found.stream().map(TemplateValues::escapeRegex).toList()) : found.getFirst();
  }

  /** As Grafana formats a multi-value variable for Prometheus: RE2 metacharacters escaped inside a PromQL string. */
  private static String escapeRegex(String value) {
    return value.replaceAll("([\\\\.+*?()|\\[\\]{}^$])", "\\\\\\\\$1");
  }
}
