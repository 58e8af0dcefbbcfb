package io.docpipe.shared.tokenizer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything before and around WordPiece, in one streaming pass over the original text: the added-token split,
 * BertNormalizer (clean text, pad CJK, strip accents, lowercase) and BertPreTokenizer (split on whitespace, isolate
 * punctuation). Streaming keeps, for every normalized code point, the original [start, end) it came from, which is
 * what HuggingFace's alignments give, without building a normalized copy of the text.
 */
final class BasicTokenizer {
  private final boolean cleanText;
  private final boolean handleChineseChars;
  private final boolean lowercase;
  private final CharNormalizer normalizer;
  private final WordPiece wordPiece;
  private final String[] addedContents; // longest first: HuggingFace matches added tokens leftmost-longest
  private final int[] addedIds;
  private final boolean[] addedFirstChar = new boolean[Character.MAX_VALUE + 1];

  BasicTokenizer(
      boolean cleanText,
      boolean handleChineseChars,
      boolean stripAccents,
      boolean lowercase,
      WordPiece wordPiece,
      Map<String, Integer> addedTokens) {
    this.cleanText = cleanText;
    this.handleChineseChars = handleChineseChars;
    this.lowercase = lowercase;
    this.normalizer = new CharNormalizer(stripAccents, lowercase);
    this.wordPiece = wordPiece;
    List<Map.Entry<String, Integer>> added = addedTokens.entrySet().stream()
        .filter(e -> !e.getKey().isEmpty())
        .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed())
        .toList();
    this.addedContents = added.stream().map(Map.Entry::getKey).toArray(String[]::new);
    this.addedIds = added.stream().mapToInt(Map.Entry::getValue).toArray();
    for (String content : addedContents) addedFirstChar[content.charAt(0)] = true;
  }

  void tokenize(String text, TokenSink sink) {
    new Pass(text, sink).run();
  }

  /** The mutable state of one pass, so the tokenizer itself stays immutable and shareable between threads. */
  private final class Pass {
    private final String text;
    private final TokenSink sink;
    // A word longer than max_input_chars_per_word is [UNK] whatever it holds, so only that much of it is kept.
    private final int capacity = wordPiece.maxInputChars() + 1;
    private final int[] word = new int[capacity];
    private final int[] starts = new int[capacity];
    private final int[] ends = new int[capacity];
    private final int[] pieceIds = new int[capacity];
    private final int[] pieceEnds = new int[capacity];
    private final int[] normalized = new int[CharNormalizer.MAX_EXPANSION];
    private int length;
    private int wordStart;
    private int wordEnd;
    private boolean open = true;

    Pass(String text, TokenSink sink) {
      this.text = text;
      this.sink = sink;
    }

    void run() {
      int i = 0;
      while (i < text.length() && open) {
        char c = text.charAt(i);
        int added = addedFirstChar[c] ? matchAdded(i) : -1;
        if (added >= 0) {
          flush();
          int end = i + addedContents[added].length();
          emit(addedIds[added], i, end, true);
          i = end;
        } else if (c < 128 && cleanText) {
          ascii(c, i);
          i++;
        } else {
          int cp = text.codePointAt(i);
          int next = i + Character.charCount(cp);
          codePoint(cp, i, next);
          i = next;
        }
      }
      flush();
    }

    private int matchAdded(int at) {
      for (int k = 0; k < addedContents.length; k++) {
        if (text.startsWith(addedContents[k], at)) return k;
      }
      return -1;
    }

    /** The hot path for clean ASCII text: no decomposition, no marks, classes from a table. */
    private void ascii(char c, int at) {
      switch (UnicodeTables.asciiClass(c)) {
        case UnicodeTables.PLAIN -> append(lowercase && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c, at, at + 1);
        case UnicodeTables.SPACE -> flush();
        case UnicodeTables.PUNCT -> isolate(c, at, at + 1);
        default -> { } // dropped control character
      }
    }

    private void codePoint(int cp, int start, int end) {
      // A lone surrogate cannot reach the reference at all (Rust strings are valid UTF-8): drop it like a control.
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) return;
      if (cleanText && UnicodeTables.isDropped(cp)) return;
      if (UnicodeTables.isWhitespace(cp)) {
        flush();
        return;
      }
      boolean chinese = handleChineseChars && UnicodeTables.isChinese(cp);
      if (chinese) flush();
      int n = normalizer.normalize(cp, normalized);
      for (int k = 0; k < n; k++) {
        int c = normalized[k];
        if (UnicodeTables.isPunctuation(c)) {
          isolate(c, start, end);
        } else {
          append(c, start, end);
        }
      }
      if (chinese) flush();
    }

    private void isolate(int c, int start, int end) {
      flush();
      append(c, start, end);
      flush();
    }

    private void append(int c, int start, int end) {
      if (length == 0) wordStart = start;
      if (length < capacity) {
        word[length] = c;
        starts[length] = start;
        ends[length] = end;
      }
      length++;
      wordEnd = end;
    }

    private void flush() {
      if (length == 0) return;
      if (length > wordPiece.maxInputChars()) {
        emit(wordPiece.unkId(), wordStart, wordEnd, true);
      } else {
        int pieces = wordPiece.split(word, length, pieceIds, pieceEnds);
        for (int k = 0, from = 0; k < pieces; from = pieceEnds[k++]) {
          emit(pieceIds[k], starts[from], ends[pieceEnds[k] - 1], k == 0);
        }
      }
      length = 0;
    }

    private void emit(int id, int start, int end, boolean first) {
      if (open) open = sink.token(id, start, end, first);
    }
  }
}
