package io.docpipe.chunker;

import io.docpipe.shared.Chunk;
import io.docpipe.shared.tokenizer.Encoding;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a document into chunks the embedding model reads whole: each chunk, tokenized on its own, is at most
 * {@code maxTokens} tokens with {@code [CLS]} and {@code [SEP]}, so nothing is silently truncated at embedding time,
 * and at most {@code maxChars} characters, so a search hit stays small: WordPiece makes any word over 100 characters
 * one {@code [UNK]}, which the token bound alone would let grow to the size of the page.
 *
 * <p>The document is tokenized once; a chunk is then a window of at most {@code maxTokens - 2} of its tokens that
 * fits in {@code maxChars}, cut in the latter half of the window at the best boundary there: a blank line, then a
 * sentence end, then a space between words, then any word start (punctuation, a CJK character), and only as a last
 * resort between two pieces of one word. Each chunk's text is re-tokenized before it is emitted, because text cut
 * inside a word need not tokenize like the same stretch of the whole document; a chunk over a bound is cut shorter
 * until it fits. A token longer than {@code maxChars} (an overlong word) is cut between code points, never inside a
 * surrogate pair.
 *
 * <p>Chunks are trimmed substrings of the document in order. The next chunk starts about {@code overlapTokens}
 * tokens before the previous one ended, so a sentence cut in two is still whole in one chunk: at a sentence start if
 * there is one in reach, else at a word with whitespace before it, never at the punctuation that ends the text before
 * (". A"); only where no whitespace is in reach, at any word start. Where long words make the character bound end a
 * window early, the overlap shrinks in proportion, so each chunk still brings at least half a window of new text.
 */
final class Chunker {
  /** [CLS], [SEP] and room for the at most 4 tokens one character can become (a Hangul syllable is 3 jamo). */
  static final int MIN_MAX_TOKENS = 8;
  /** [CLS] and [SEP]. */
  private static final int SPECIAL_TOKENS = 2;
  /** Room for one code point of two UTF-16 characters (a surrogate pair). */
  static final int MIN_MAX_CHARS = 2;
  /**
   * Characters per token of the default character bound: English prose averages 4 to 5 characters a token, so a
   * chunk of ordinary text reaches the token bound first, and only runs of long words meet this one.
   */
  static final int DEFAULT_CHARS_PER_TOKEN = 8;

  private final WordPieceTokenizer tokenizer;
  private final int maxTokens;
  private final int overlapTokens;
  private final int maxChars;
  private final int window; // document tokens per chunk: maxTokens less [CLS] and [SEP]

  /** With the default character bound, {@link #defaultMaxChars}. */
  Chunker(WordPieceTokenizer tokenizer, int maxTokens, int overlapTokens) {
    this(tokenizer, maxTokens, overlapTokens, defaultMaxChars(maxTokens));
  }

  Chunker(WordPieceTokenizer tokenizer, int maxTokens, int overlapTokens, int maxChars) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer must not be null");
    if (maxTokens < MIN_MAX_TOKENS) {
      throw new IllegalArgumentException("maxTokens must be >= " + MIN_MAX_TOKENS + ", was " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens * 2 >= maxTokens) {
      throw new IllegalArgumentException(
          "overlapTokens must be >= 0 and less than half of maxTokens (" + maxTokens + "), was " + overlapTokens);
    }
    if (maxChars < MIN_MAX_CHARS) {
      throw new IllegalArgumentException("maxChars must be >= " + MIN_MAX_CHARS + ", was " + maxChars);
    }
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
    this.maxChars = maxChars;
    this.window = maxTokens - SPECIAL_TOKENS;
  }

  /** The character bound that goes with {@code maxTokens} unless one is configured: 4,096 for 512 tokens. */
  static int defaultMaxChars(int maxTokens) {
    return maxTokens * DEFAULT_CHARS_PER_TOKEN;
  }

  /** The chunks of {@code text}, numbered from 0; empty when it holds nothing the model would see. */
  List<Chunk> split(String text) {
    return spans(text).stream().map(Span::chunk).toList();
  }

  /**
   * Like {@link #split}, with where each chunk lies in {@code text}: what the guarantees are stated in (chunks are
   * substrings in order, consecutive ones overlap or touch, together they cover every non-whitespace character).
   */
  List<Span> spans(String text) {
    Objects.requireNonNull(text, "text must not be null");
    if (text.isBlank()) return List.of();
    Encoding tokens = tokenizer.encode(text);
    if (tokens.size() == 0) return List.of(); // only control or zero-width characters: no valid chunk exists
    return new Pass(text, tokens).run();
  }

  /** A chunk and its place in the document: {@code chunk.text()} is {@code document.substring(start, end)}. */
  record Span(int start, int end, Chunk chunk) {}

  /** One document's walk, chunk by chunk. */
  private final class Pass {
    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int size;
    private final Boundaries boundaries;
    private final List<Span> chunks = new ArrayList<>();

    Pass(String text, Encoding tokens) {
      this.text = text;
      this.starts = tokens.starts();
      this.ends = tokens.ends();
      this.size = tokens.size();
      this.boundaries = new Boundaries(text, tokens);
    }

    List<Span> run() {
      int from = skipWhitespace(0); // where the chunk starts in the text
      int first = 0; // its first token: the first one ending after `from`
      int previousEnd = 0; // the token the previous chunk ended before; later cuts must pass it
      while (true) {
        int limit = limit(first, from); // tokens [first, limit) fit both bounds
        int span = limit - first;
        int endToken;
        int end;
        if (span == 0 && (first == size || codePointCut((long) from + maxChars) <= starts[first])) {
          // Characters the tokenizer drops (zero-width, controls) that alone fill maxChars: no chunk holds them
          if (first == size) return chunks;
          from = starts[first];
          continue;
        }
        if (span == 0) { // token `first` alone runs past maxChars: an overlong word, cut between code points
          endToken = Boundaries.NONE;
          end = codePointCut((long) from + maxChars);
        } else {
          endToken = limit == size ? size : cut(first, span, limit, previousEnd, from);
          end = endToken == size ? text.length() : endToken == Boundaries.NONE ? ends[limit - 1] : starts[endToken];
        }
        String piece = text.substring(from, end).strip();
        int count = tokenizer.countWithSpecialTokens(piece);
        boolean cutInsideToken = endToken == Boundaries.NONE;
        while (count > maxTokens || piece.length() > maxChars) {
          int shorter = cutInsideToken ? Boundaries.NONE : cut(first, span, endToken - 1, previousEnd, from);
          if (shorter == Boundaries.NONE) {
            end = fitByCodePoints(from, end);
            cutInsideToken = true;
          } else {
            endToken = shorter;
            end = starts[shorter];
          }
          piece = text.substring(from, end).strip();
          count = tokenizer.countWithSpecialTokens(piece);
        }
        int start = from + text.substring(from, end).indexOf(piece); // after the whitespace strip() removed
        // A piece cut from inside a word can hold only characters the tokenizer drops (a combining mark): no chunk
        if (count > SPECIAL_TOKENS) {
          chunks.add(new Span(start, start + piece.length(), new Chunk(chunks.size(), piece, count)));
        }
        if (end == text.length()) return chunks;
        if (cutInsideToken) { // no token boundary to overlap from: carry on right after this chunk
          from = skipWhitespace(end);
          if (from == text.length()) return chunks;
          first = firstEndingAfter(first, from);
        } else {
          first = overlapStart(first, endToken, span);
          // An overlap the next chunk cannot get past (a long word follows) would only repeat text: start after it
          if ((long) ends[endToken] - starts[first] > maxChars) first = endToken;
          from = starts[first];
        }
        previousEnd = Math.max(previousEnd, cutInsideToken ? first : endToken);
      }
    }

    /**
     * The end of the longest window from token {@code first}, text position {@code from}: at most {@code window}
     * tokens, each ending within {@code maxChars} of {@code from}. {@code first} itself when that token is too long.
     */
    private int limit(int first, int from) {
      long maxEnd = (long) from + maxChars;
      int fits = first;
      int overflows = Math.min(size, first + window) + 1;
      while (overflows - fits > 1) { // token ends ascend: bisect for the last that fits
        int middle = (fits + overflows) >>> 1;
        if (ends[middle - 1] <= maxEnd) {
          fits = middle;
        } else {
          overflows = middle;
        }
      }
      return fits;
    }

    /**
     * Where to end a chunk whose tokens start at {@code first}, in a window of {@code span} tokens, that may run up to
     * (not including) {@code last}: the best boundary in the latter half of the window, and past the previous chunk;
     * failing that, the best anywhere after {@code first}. {@link Boundaries#NONE} if no token boundary there can be
     * cut.
     */
    private int cut(int first, int span, int last, int previousEnd, int from) {
      int latter = boundaries.best(Math.max(first + span / 2, previousEnd + 1), last, from);
      return latter != Boundaries.NONE ? latter : boundaries.best(first + 1, last, from);
    }

    /**
     * The start of the next chunk, about {@code overlapTokens} before {@code endToken}: the first sentence start from
     * there to {@code overlapTokens / 2} before {@code endToken}, so the overlap repeats whole sentences; else the
     * start of the whitespace-delimited word there. Where no whitespace is in reach (CJK text, a long URL), any word
     * start, as a BERT word is the smallest unit the tokenizer keeps whole; {@code endToken} itself when there is none.
     * A window of {@code span} tokens, shorter than {@code window} when the character bound ended it, gets the same
     * share of overlap.
     */
    private int overlapStart(int first, int endToken, int span) {
      int overlap = (int) ((long) overlapTokens * span / window);
      if (overlap == 0) return endToken;
      int target = Math.max(first + 1, endToken - overlap);
      for (int j = target; j <= endToken - Math.max(1, overlap / 2); j++) {
        if (boundaries.startRank(j) >= Boundaries.SENTENCE) return j;
      }
      int spaced = startNear(target, first, endToken, span, Boundaries.SPACE);
      if (spaced != Boundaries.NONE) return spaced;
      int word = startNear(target, first, endToken, span, Boundaries.WORD);
      return word != Boundaries.NONE ? word : endToken;
    }

    /**
     * A start of at least {@code minRank} at or before {@code target}, the nearest, but not so far back that the next
     * chunk would have less than half a window of new tokens; else the nearest after it; else {@link Boundaries#NONE}.
     */
    private int startNear(int target, int first, int endToken, int span, int minRank) {
      int floor = Math.max(first + 1, endToken - span / 2);
      for (int j = target; j >= floor; j--) {
        if (boundaries.startRank(j) >= minRank) return j;
      }
      for (int j = target; j < endToken; j++) {
        if (boundaries.startRank(j) >= minRank) return j;
      }
      return Boundaries.NONE;
    }

    /**
     * Last resort, for a piece of a word that alone re-tokenizes past the bounds: a prefix of
     * {@code text[from, end)}, cut between code points, that fits. Bisection keeps a fitting start and an overflowing
     * end (token counts are not monotonic in length, so it need not find the longest); one code point is at most 4
     * tokens and 2 characters, so the shortest prefix holding a token fits (what the tokenizer drops before it is less
     * than {@code maxChars}, as the window's first token ends within that).
     */
    private int fitByCodePoints(int from, int end) {
      int fits = from;
      int cp;
      do { // the shortest prefix with a token in it: up to the first character the tokenizer does not drop
        cp = text.codePointAt(fits);
        fits += Character.charCount(cp);
      } while (fits < end && tokenizer.countTokens(Character.toString(cp)) == 0);
      int overflows = end;
      while (text.codePointCount(fits, overflows) > 1) {
        int middle = (fits + overflows) >>> 1;
        if (Character.isLowSurrogate(text.charAt(middle)) && Character.isHighSurrogate(text.charAt(middle - 1))) {
          middle--;
        }
        if (middle == fits) middle = fits + Character.charCount(text.codePointAt(fits));
        String prefix = text.substring(from, middle).strip();
        if (prefix.length() <= maxChars && tokenizer.countWithSpecialTokens(prefix) <= maxTokens) {
          fits = middle;
        } else {
          overflows = middle;
        }
      }
      return fits;
    }

    /** {@code position}, or one less where that would split a surrogate pair; at most the text's end. */
    private int codePointCut(long position) {
      int at = (int) Math.min(position, text.length());
      boolean inPair = at < text.length() && Character.isLowSurrogate(text.charAt(at))
          && Character.isHighSurrogate(text.charAt(at - 1));
      return inPair ? at - 1 : at;
    }

    private int skipWhitespace(int position) {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) position++;
      return position;
    }

    private int firstEndingAfter(int token, int position) {
      while (token < size && ends[token] <= position) token++;
      return token;
    }
  }
}
