package io.docpipe.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A keyword query in the syntax of PostgreSQL's {@code websearch_to_tsquery}, read with "any term" semantics: a chunk
 * matches when it holds at least one of the words, every {@code "quoted phrase"}, and none of the {@code -excluded}
 * words or phrases. {@code or} between words is accepted and changes nothing. Never fails: any text is a query, and
 * one of only stop words or punctuation matches nothing.
 *
 * <p>Each part is handed to the database as text for {@code websearch_to_tsquery('english', ...)}, which stems it and
 * drops stop words exactly as the indexed text was, so this class only splits, never normalises.
 *
 * @param terms the words whose stems are matched (any) and ranked, phrase words included
 * @param phrases the quoted phrases, each in quotes, space separated (all must match); empty when none
 * @param excluded the excluded words and phrases joined by {@code or} (none may match); empty when none
 */
public record KeywordQuery(String terms, String phrases, String excluded) {

  public static KeywordQuery parse(String query) {
    List<String> words = new ArrayList<>();
    List<String> phrases = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    int i = 0;
    int n = query.length();
    while (i < n) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean negated = c == '-' && i + 1 < n && !Character.isWhitespace(query.charAt(i + 1));
      if (negated) {
        while (i < n && query.charAt(i) == '-') i++; // "--word" excludes word, it does not include it twice negated
        if (i == n) break;
      }
      String part;
      boolean phrase = query.charAt(i) == '"';
      if (phrase) {
        int close = query.indexOf('"', i + 1);
        int end = close < 0 ? n : close;
        part = query.substring(i + 1, end).strip();
        i = close < 0 ? n : close + 1;
      } else {
        int end = i;
        while (end < n && !Character.isWhitespace(query.charAt(end)) && query.charAt(end) != '"') end++;
        part = query.substring(i, end).replace("\"", "");
        i = end;
      }
      if (part.codePoints().noneMatch(Character::isLetterOrDigit)) continue; // stray quotes and dashes
      if (negated) {
        excluded.add(phrase ? '"' + part + '"' : part);
      } else if (phrase) {
        phrases.add('"' + part + '"');
        words.add(part);
      } else if (!part.toLowerCase(Locale.ROOT).equals("or")) {
        words.add(part);
      }
    }
    return new KeywordQuery(String.join(" ", words), String.join(" ", phrases), String.join(" or ", excluded));
  }
}
