package io.docpipe.chunker;

import io.docpipe.shared.tokenizer.Encoding;

/**
 * Ranks the places a chunk may end, which are the starts of the document's tokens: a cut before token {@code b}
 * ends the chunk at {@code starts[b]}.
 */
final class Boundaries {
  static final int NONE = -1;
  static final int IN_WORD = 0;
  static final int WORD = 1;
  static final int SPACE = 2;
  static final int SENTENCE = 3;
  static final int PARAGRAPH = 4;

  // Terminators that need whitespace after them, so "3.5" and "e.g.x" are not sentence ends...
  private static final String TERMINATORS = ".!?…";
  // ...and those of scripts written without spaces.
  private static final String CJK_TERMINATORS = "。！？｡";
  private static final String CLOSERS = "\"')]}’”»」』）";

  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final boolean[] wordStarts;

  Boundaries(String text, Encoding tokens) {
    this.text = text;
    this.starts = tokens.starts();
    this.ends = tokens.ends();
    this.wordStarts = tokens.wordStarts();
  }

  /**
   * The best cut before a token in {@code [lo, hi]} that starts after {@code from}; among equals the latest, which
   * makes the longest chunk. {@link #NONE} if there is none.
   */
  int best(int lo, int hi, int from) {
    int best = NONE;
    int bestRank = NONE;
    for (int b = Math.min(hi, starts.length - 1); b >= Math.max(lo, 1); b--) {
      int rank = starts[b] > from ? rank(b) : NONE;
      if (rank > bestRank) {
        best = b;
        bestRank = rank;
        if (rank == PARAGRAPH) break;
      }
    }
    return best;
  }

  /** Whether a chunk can start at token {@code b}: it begins a word and shares no character with token b - 1. */
  boolean startsWord(int b) {
    return b > 0 && b < starts.length && wordStarts[b] && starts[b] >= ends[b - 1];
  }

  /**
   * How good a place token {@code b} is to start a chunk, on the scale of {@link #rank}, except that a start glued to
   * the token before (the period of "lamp. A", the "art" of "state-of-the-art") ranks WORD at best: a chunk beginning
   * there reads as cut mid-text. That holds for a CJK sentence start too, so any word after whitespace beats it.
   * {@link #NONE} where a chunk cannot start.
   */
  int startRank(int b) {
    if (!startsWord(b)) return NONE;
    return spaced(b) ? rank(b) : WORD;
  }

  /**
   * How good a cut before token {@code b} is; {@link #NONE} where it cannot be cut, because tokens b - 1 and b come
   * from the same character (the jamo of one Hangul syllable).
   */
  int rank(int b) {
    if (starts[b] < ends[b - 1]) return NONE;
    if (!wordStarts[b]) return IN_WORD;
    // The gap holds only what the tokenizer skipped: whitespace, controls, zero-width characters.
    int newlines = 0;
    boolean space = false;
    for (int i = ends[b - 1]; i < starts[b]; i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
      if (lineBreak) newlines++;
      if (newlines >= 2 || c == '\u2029') return PARAGRAPH;
      space |= Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
    char last = lastBeforeClosers(ends[b - 1]);
    if (CJK_TERMINATORS.indexOf(last) >= 0 || (space && TERMINATORS.indexOf(last) >= 0)) return SENTENCE;
    return space ? SPACE : WORD;
  }

  private boolean spaced(int b) {
    for (int i = ends[b - 1]; i < starts[b]; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) return true;
    }
    return false;
  }

  /** The character before {@code end}, looking past closing quotes and brackets as in {@code "Stop." He}. */
  private char lastBeforeClosers(int end) {
    int i = end - 1;
    while (i > 0 && end - i <= 3 && CLOSERS.indexOf(text.charAt(i)) >= 0) i--;
    return text.charAt(i);
  }
}
