package io.docpipe.chunker;

import io.docpipe.shared.Chunk;
import io.docpipe.shared.tokenizer.Encoding;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a document into chunks the embedding model reads whole: each chunk, tokenized on its own, is at most
 * {@code maxTokens} tokens with {@code [CLS]} and {@code [SEP]}, so nothing is silently truncated at embedding time.
 *
 * <p>The document is tokenized once; a chunk is then a window of at most {@code maxTokens - 2} of its tokens, cut in
 * the latter half of the window at the best boundary there: a blank line, then a sentence end, then a space between
 * words, then any word start (punctuation, a CJK character), and only as a last resort between two pieces of one word.
 * Each chunk's text is re-tokenized before it is emitted, because text cut inside a word need not tokenize like the
 * same stretch of the whole document; a chunk over the bound is cut shorter until it fits.
 *
 * <p>Chunks are trimmed substrings of the document in order. The next chunk starts about {@code overlapTokens}
 * tokens before the previous one ended, so a sentence cut in two is still whole in one chunk: at a sentence start if
 * there is one in reach, else at a word with whitespace before it, never at the punctuation that ends the text before
 * (". A"); only where no whitespace is in reach, at any word start.
 */
final class Chunker {
  /** [CLS], [SEP] and room for the at most 4 tokens one character can become (a Hangul syllable is 3 jamo). */
  static final int MIN_MAX_TOKENS = 8;

  private final WordPieceTokenizer tokenizer;
  private final int maxTokens;
  private final int overlapTokens;
  private final int window; // document tokens per chunk: maxTokens less [CLS] and [SEP]

  Chunker(WordPieceTokenizer tokenizer, int maxTokens, int overlapTokens) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer must not be null");
    if (maxTokens < MIN_MAX_TOKENS) {
      throw new IllegalArgumentException("maxTokens must be >= " + MIN_MAX_TOKENS + ", was " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens * 2 >= maxTokens) {
      throw new IllegalArgumentException(
          "overlapTokens must be >= 0 and less than half of maxTokens (" + maxTokens + "), was " + overlapTokens);
    }
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
    this.window = maxTokens - 2;
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
      int from = 0; // where the chunk starts in the text
      int first = 0; // its first token: the first one ending after `from`
      int previousEnd = 0; // the token the previous chunk ended before; later cuts must pass it
      while (true) {
        int limit = first + window;
        int endToken = limit >= size ? size : cut(first, limit, previousEnd, from);
        int end = endToken == size ? text.length() : endToken == Boundaries.NONE ? ends[limit - 1] : starts[endToken];
        String piece = text.substring(from, end).strip();
        int count = tokenizer.countWithSpecialTokens(piece);
        boolean cutInsideToken = endToken == Boundaries.NONE;
        while (count > maxTokens) {
          int shorter = cutInsideToken ? Boundaries.NONE : cut(first, endToken - 1, previousEnd, from);
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
        chunks.add(new Span(start, start + piece.length(), new Chunk(chunks.size(), piece, count)));
        if (end == text.length()) return chunks;
        if (cutInsideToken) { // no token boundary to overlap from: carry on right after this chunk
          first = firstEndingAfter(first, end);
          from = end;
        } else {
          first = overlapStart(first, endToken);
          from = starts[first];
        }
        previousEnd = Math.max(previousEnd, cutInsideToken ? first : endToken);
      }
    }

    /**
     * Where to end a chunk whose tokens start at {@code first} and may run up to (not including) {@code last}: the
     * best boundary in the latter half of that window, and past the previous chunk; failing that, the best anywhere
     * after {@code first}. {@link Boundaries#NONE} if no token boundary there can be cut.
     */
    private int cut(int first, int last, int previousEnd, int from) {
      int latter = boundaries.best(Math.max(first + window / 2, previousEnd + 1), last, from);
      return latter != Boundaries.NONE ? latter : boundaries.best(first + 1, last, from);
    }

    /**
     * The start of the next chunk, about {@code overlapTokens} before {@code endToken}: the first sentence start from
     * there to {@code overlapTokens / 2} before {@code endToken}, so the overlap repeats whole sentences; else the
     * start of the whitespace-delimited word there. Where no whitespace is in reach (CJK text, a long URL), any word
     * start, as a BERT word is the smallest unit the tokenizer keeps whole; {@code endToken} itself when there is none.
     */
    private int overlapStart(int first, int endToken) {
      if (overlapTokens == 0) return endToken;
      int target = Math.max(first + 1, endToken - overlapTokens);
      for (int j = target; j <= endToken - Math.max(1, overlapTokens / 2); j++) {
        if (boundaries.startRank(j) >= Boundaries.SENTENCE) return j;
      }
      int spaced = startNear(target, first, endToken, Boundaries.SPACE);
      if (spaced != Boundaries.NONE) return spaced;
      int word = startNear(target, first, endToken, Boundaries.WORD);
      return word != Boundaries.NONE ? word : endToken;
    }

    /**
     * A start of at least {@code minRank} at or before {@code target}, the nearest, but not so far back that the next
     * chunk would have less than half a window of new tokens; else the nearest after it; else {@link Boundaries#NONE}.
     */
    private int startNear(int target, int first, int endToken, int minRank) {
      int floor = Math.max(first + 1, endToken - window / 2);
      for (int j = target; j >= floor; j--) {
        if (boundaries.startRank(j) >= minRank) return j;
      }
      for (int j = target; j < endToken; j++) {
        if (boundaries.startRank(j) >= minRank) return j;
      }
      return Boundaries.NONE;
    }

    /**
     * Last resort, for a piece of a word that alone re-tokenizes past the bound: a prefix of {@code text[from, end)},
     * cut between code points, that fits. Bisection keeps a fitting start and an overflowing end (token counts are
     * not monotonic in length, so it need not find the longest); one code point is at most 4 tokens, so the shortest
     * prefix holding a token fits.
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
        if (tokenizer.countWithSpecialTokens(text.substring(from, middle).strip()) <= maxTokens) {
          fits = middle;
        } else {
          overflows = middle;
        }
      }
      return fits;
    }

    private int firstEndingAfter(int token, int position) {
      while (token < size && ends[token] <= position) token++;
      return token;
    }
  }
}
