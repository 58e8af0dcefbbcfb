package io.docpipe.dashboards;

import io.docpipe.dashboards.PromQlNames.Token;
import io.docpipe.dashboards.PromQlNames.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits PromQL into the tokens {@link PromQlNames} needs; Grafana variables ({@code $env}, {@code ${x}}) are one token. */
final class PromQlLexer {
  private PromQlLexer() {}

  static List<Token> tokens(String expr) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') { // a comment runs to the end of the line
        while (i < expr.length() && expr.charAt(i) != '\n') i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        int end = stringEnd(expr, i);
        tokens.add(new Token(Kind.STRING, unquote(expr.substring(i + 1, end))));
        i = end + 1;
      } else if (c == '$') {
        int end = variableEnd(expr, i);
        tokens.add(new Token(Kind.VARIABLE, expr.substring(i, end)));
        i = end;
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int end = i;
        while (end < expr.length() && isNameChar(expr.charAt(end))) end++;
        tokens.add(new Token(Kind.IDENT, expr.substring(i, end)));
        i = end;
      } else if (Character.isDigit(c) || c == '.') {
        int end = i;
        // numbers and durations (5m, 1h30m, 1e3, 0x1f) as one token, so their letters are not names
        while (end < expr.length() && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '.')) end++;
        tokens.add(new Token(Kind.NUMBER, expr.substring(i, end)));
        i = end;
      } else {
        int end = operatorEnd(expr, i);
        tokens.add(new Token(kind(expr.substring(i, end)), expr.substring(i, end)));
        i = end;
      }
    }
    return tokens;
  }

  private static Kind kind(String op) {
    return switch (op) {
      case "(" -> Kind.LPAREN;
      case ")" -> Kind.RPAREN;
      case "{" -> Kind.LBRACE;
      case "}" -> Kind.RBRACE;
      case "[" -> Kind.LBRACKET;
      case "]" -> Kind.RBRACKET;
      case "=", "!=", "=~", "!~" -> Kind.MATCH_OP;
      default -> Kind.OTHER;
    };
  }

  private static int operatorEnd(String expr, int i) {
    if (i + 1 < expr.length()) {
      String two = expr.substring(i, i + 2);
      if (List.of("!=", "=~", "!~", "==", ">=", "<=").contains(two)) return i + 2;
    }
    return i + 1;
  }

  private static int stringEnd(String expr, int start) {
    char quote = expr.charAt(start);
    for (int i = start + 1; i < expr.length(); i++) {
      if (expr.charAt(i) == '\\' && quote != '`') i++;
      else if (expr.charAt(i) == quote) return i;
    }
    throw new IllegalArgumentException("unterminated string at " + start + " in: " + expr);
  }

  private static int variableEnd(String expr, int start) {
    if (start + 1 < expr.length() && expr.charAt(start + 1) == '{') {
      int close = expr.indexOf('}', start);
      if (close < 0) throw new IllegalArgumentException("unterminated ${ at " + start + " in: " + expr);
      return close + 1;
    }
    int end = start + 1;
    while (end < expr.length() && isNameChar(expr.charAt(end)) && expr.charAt(end) != ':') end++;
    return end;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  private static String unquote(String s) {
    return s.replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\");
  }
}
