package io.docpipe.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric names and label names a PromQL expression uses, found by a small lexer (not a full parser: enough to tell
 * a metric from a function, keyword or label). Labels come from matchers, grouping clauses ({@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}) and the source labels of {@code label_replace}
 * and {@code label_join}; the labels those two functions create are reported apart, since they need not exist.
 */
public final class PromQlNames {
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
      "by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  /**
   * @param selectorLabels for each metric written with matchers ({@code m{a="x"}}), the labels those matchers name
   */
  public record Use(Set<String> metrics, Set<String> labels, Set<String> createdLabels,
      Map<String, Set<String>> selectorLabels) {}

  private final List<Token> tokens;
  private final Set<String> metrics = new LinkedHashSet<>();
  private final Set<String> labels = new LinkedHashSet<>();
  private final Set<String> created = new LinkedHashSet<>();
  private final Map<String, Set<String>> selectorLabels = new LinkedHashMap<>();

  private PromQlNames(String expr) {
    this.tokens = PromQlLexer.tokens(expr);
  }

  public static Use of(String expr) {
    PromQlNames names = new PromQlNames(expr);
    names.scan();
    return new Use(Set.copyOf(names.metrics), Set.copyOf(names.labels), Set.copyOf(names.created),
        Map.copyOf(names.selectorLabels));
  }

  private void scan() {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.LBRACE) {
        Token before = i > 0 ? tokens.get(i - 1) : null;
        String metric = before != null && before.kind() == Token.Kind.IDENT && metrics.contains(before.text())
            ? before.text() : null;
        i = matchers(i + 1, metric);
      } else if (t.kind() == Token.Kind.LBRACKET) {
        i = skipTo(i, Token.Kind.RBRACKET);
      } else if (t.kind() == Token.Kind.IDENT) {
        // sum by (x) (...) is a call too: an aggregation names its grouping before its argument.
        boolean call = next(i, Token.Kind.LPAREN) || nextIsGrouping(i);
        if (GROUPING.contains(t.text()) && call) {
          i = labelList(i + 2);
        } else if (t.text().equals("label_replace") || t.text().equals("label_join")) {
          labelFunction(t.text(), i + 1);
        } else if (!call && !KEYWORDS.contains(t.text())) {
          metrics.add(t.text());
        }
      }
    }
  }

  /** {@code label_replace(v, "dst", "replacement", "src", "regex")}, {@code label_join(v, "dst", "sep", "src"...)}. */
  private void labelFunction(String function, int open) {
    List<String> strings = new ArrayList<>();
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.LPAREN) depth++;
      if (t.kind() == Token.Kind.RPAREN && --depth == 0) break;
      if (depth == 1 && t.kind() == Token.Kind.STRING) strings.add(t.text());
    }
    if (strings.isEmpty()) return;
    created.add(strings.get(0));
    if (function.equals("label_replace") && strings.size() >= 3) labels.add(strings.get(2));
    if (function.equals("label_join")) labels.addAll(strings.subList(Math.min(2, strings.size()), strings.size()));
  }

  /** {@code {name op "value", ...}}: a name before an operator is a label (or {@code __name__}). */
  private int matchers(int from, String metric) {
    int i = from;
    for (; i < tokens.size() && tokens.get(i).kind() != Token.Kind.RBRACE; i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.IDENT && next(i, Token.Kind.MATCH_OP)) {
        if (t.text().equals("__name__")) {
          String value = i + 2 < tokens.size() ? tokens.get(i + 2).text() : "";
          metrics.add(value);
        } else {
          labels.add(t.text());
          if (metric != null) selectorLabels.computeIfAbsent(metric, m -> new LinkedHashSet<>()).add(t.text());
        }
      }
    }
    return i;
  }

  private int labelList(int from) {
    int i = from;
    for (; i < tokens.size() && tokens.get(i).kind() != Token.Kind.RPAREN; i++) {
      if (tokens.get(i).kind() == Token.Kind.IDENT) labels.add(tokens.get(i).text());
    }
    return i;
  }

  private int skipTo(int from, Token.Kind kind) {
    int i = from;
    while (i < tokens.size() && tokens.get(i).kind() != kind) i++;
    return i;
  }

  private boolean nextIsGrouping(int i) {
    return i + 1 < tokens.size() && tokens.get(i + 1).kind() == Token.Kind.IDENT
        && (tokens.get(i + 1).text().equals("by") || tokens.get(i + 1).text().equals("without"));
  }

  private boolean next(int i, Token.Kind kind) {
    return i + 1 < tokens.size() && tokens.get(i + 1).kind() == kind;
  }

  record Token(Kind kind, String text) {
    enum Kind { IDENT, STRING, NUMBER, VARIABLE, LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, MATCH_OP, OTHER }
  }
}
