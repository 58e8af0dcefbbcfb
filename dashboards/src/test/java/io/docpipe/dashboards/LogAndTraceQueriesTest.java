package io.docpipe.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Loki and Tempo panels name only labels, log fields and span attributes the functions emit, as
 * docs/otel-attributes.yaml lists them (Loki turns the dots of OTLP attribute keys into underscores).
 */
class LogAndTraceQueriesTest {
  private static final Pattern SELECTOR = Pattern.compile("\\{([^{}]*)}");
  private static final Pattern MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern PIPE_FILTER = Pattern.compile(
      "\\|\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|==|=|>=|<=|>|<)");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern UNWRAP = Pattern.compile("\\bunwrap\\s+([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{\\{\\s*\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern TRACE_ATTRIBUTE = Pattern.compile("\\b(resource|span)\\.([A-Za-z0-9_.]+[A-Za-z0-9_])");
  /** What Loki's OTLP ingestion adds to every log line besides the record's attributes. */
  private static final Set<String> LOKI_FIELDS = Set.of("trace_id", "span_id", "severity_text", "severity_number",
      "detected_level", "observed_timestamp", "flags");

  private final Map<String, Map<String, Object>> vocabulary = vocabulary();

  @Test
  void everyLokiQuery_usesIndexedLabelsAndEmittedLogFields() {
    Set<String> streamLabels = underscored(vocabulary.get("resource_attributes").keySet());
    Set<String> fields = new HashSet<>(streamLabels);
    fields.addAll(LOKI_FIELDS);
    fields.addAll(underscored(vocabulary.get("log_attributes").keySet()));
    fields.addAll(underscored(vocabulary.get("span_and_log_attributes").keySet()));
    List<Target> lokiTargets = targets(Query.Language.LOGQL);
    List<String> problems = new ArrayList<>();
    for (Target t : lokiTargets) {
      Matcher selector = SELECTOR.matcher(t.expr());
      boolean hasSelector = false;
      while (selector.find()) {
        if (selector.start() > 0 && t.expr().charAt(selector.start() - 1) == '{') continue; // a {{ template }}
        hasSelector = true;
        names(MATCHER, selector.group(1)).stream().filter(l -> !streamLabels.contains(l))
            .forEach(l -> problems.add(t.where() + "stream label " + l + " is not a resource attribute"));
      }
      if (!hasSelector) problems.add(t.where() + "no stream selector");
      Set<String> used = new HashSet<>(names(PIPE_FILTER, t.expr()));
      used.addAll(names(UNWRAP, t.expr()));
      used.addAll(names(TEMPLATE_FIELD, t.expr()));
      Matcher grouping = GROUPING.matcher(t.expr());
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) if (!label.isBlank()) used.add(label.trim());
      }
      used.stream().filter(f -> !fields.contains(f)).forEach(f -> problems.add(t.where() + "log field " + f + " is never emitted"));
    }
    System.out.println("LogQL queries checked: " + lokiTargets.size());
    assertThat(lokiTargets).as("Loki panels (failures, DLQ)").isNotEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void everyTempoQuery_usesEmittedAttributes() {
    Set<String> resource = vocabulary.get("resource_attributes").keySet();
    Set<String> span = new HashSet<>(vocabulary.get("span_and_log_attributes").keySet());
    span.addAll(vocabulary.get("standard_span_attributes").keySet());
    List<Target> tempoTargets = targets(Query.Language.TRACEQL);
    List<String> problems = new ArrayList<>();
    for (Target t : tempoTargets) {
      Matcher m = TRACE_ATTRIBUTE.matcher(t.expr());
      while (m.find()) {
        Set<String> known = m.group(1).equals("resource") ? resource : span;
        if (!known.contains(m.group(2))) problems.add(t.where() + m.group() + " is never emitted");
      }
    }
    System.out.println("TraceQL queries checked: " + tempoTargets.size());
    assertThat(tempoTargets).as("Tempo panels (functions)").isNotEmpty();
    assertThat(problems).isEmpty();
  }

  /** A query of some panel, with where it stands for the messages. */
  private record Target(String where, String expr) {}

  private static List<Target> targets(Query.Language language) {
    List<Target> targets = new ArrayList<>();
    for (Dashboard d : Dashboard.loadAll(Repo.dashboards())) {
      for (Panel p : d.panels()) {
        p.queries().stream().filter(q -> q.language() == language).forEach(q -> targets.add(
            new Target(d.file().getFileName() + " '" + p.title() + "' " + q.refId() + ": ", q.expr())));
      }
    }
    return targets;
  }

  private static List<String> names(Pattern pattern, String text) {
    List<String> names = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static Set<String> underscored(Set<String> keys) {
    Set<String> out = new HashSet<>();
    keys.forEach(k -> out.add(k.replace('.', '_')));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> vocabulary() {
    try {
      return new Yaml().load(Files.readString(Repo.root().resolve("docs/otel-attributes.yaml")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
