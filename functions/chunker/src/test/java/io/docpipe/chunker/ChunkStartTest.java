package io.docpipe.chunker;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.chunker.Chunker.Span;
import io.docpipe.shared.tokenizer.Encoding;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Where chunks after the first begin: after whitespace, at a sentence start when the overlap holds one. */
class ChunkStartTest {
  private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.bge();
  private static final String CLOSERS = "\"')]}’”»";

  /** The user's report: on a long page, chunks began with the period or comma that ended the text before them. */
  @Test
  void split_longPage_chunksStartAtWhitespaceDelimitedWords() {
    String page = lighthousePage(22_000, 1);

    List<Span> spans = new Chunker(TOKENIZER, 512, 64).spans(page);

    assertThat(spans).hasSizeGreaterThan(40);
    for (Span span : spans.subList(1, spans.size())) {
      assertThat(Character.isWhitespace(page.charAt(span.start() - 1)))
          .as("chunk %d starts after whitespace: %s", span.chunk().chunkIndex(), head(span))
          .isTrue();
    }
    for (Span span : spans.subList(0, spans.size() - 1)) { // ends still prefer paragraph breaks
      assertThat(page.substring(span.end())).as("after chunk %d", span.chunk().chunkIndex()).startsWith("\n\n");
    }
  }

  @Test
  void split_longPage_chunksStartAtSentenceStartsWhenTheOverlapHasOne() {
    String page = lighthousePage(22_000, 2);
    Encoding tokens = TOKENIZER.encode(page);
    int overlap = 64;

    List<Span> spans = new Chunker(TOKENIZER, 512, overlap).spans(page);

    int atSentences = 0;
    for (int k = 1; k < spans.size(); k++) {
      Span next = spans.get(k);
      int endToken = firstStartingAtOrAfter(tokens, spans.get(k - 1).end());
      // The overlap region: starting there shares between half and all of `overlap` tokens with the previous chunk.
      boolean regionHasSentence = false;
      for (int j = endToken - overlap; j <= endToken - overlap / 2; j++) {
        regionHasSentence |= startsSentence(page, tokens.starts()[j]);
      }
      if (regionHasSentence) {
        assertThat(startsSentence(page, next.start())).as("chunk %d: %s", k, head(next)).isTrue();
      }
      if (startsSentence(page, next.start())) atSentences++;
    }
    assertThat(atSentences).as("chunks after the first that start a sentence").isGreaterThanOrEqualTo(
        (spans.size() - 1) * 9 / 10);
  }

  @Test
  void split_noWhitespaceInReach_startsAtAnyWordStart() {
    String url = "https://example.com/" + "lighthouse/keeper/log/1759/".repeat(300);
    String cjk = "自然语言处理是人工智能的一个重要领域。它研究如何让计算机理解人类的语言！".repeat(60);
    String text = "Before the link. " + url + " Between. " + cjk + " After.";
    Encoding tokens = TOKENIZER.encode(text);

    List<Span> spans = new Chunker(TOKENIZER, 128, 32).spans(text);

    assertThat(spans).hasSizeGreaterThan(40)
        .allSatisfy(s -> assertThat(s.chunk().tokenCount()).isLessThanOrEqualTo(128));
    ChunkerTest.assertCoversInOrder(text, spans);
    for (Span span : spans.subList(1, spans.size())) {
      int first = Arrays.binarySearch(tokens.starts(), span.start());
      assertThat(first).as("chunk %d starts at a token", span.chunk().chunkIndex()).isPositive();
      assertThat(tokens.wordStarts()[first]).as("... that begins a word").isTrue();
      assertThat(span.start()).as("... before the previous chunk ends").isLessThan(
          spans.get(span.chunk().chunkIndex() - 1).end());
    }
  }

  @Property(tries = 300)
  void split_randomProse_chunksStartAfterWhitespaceWhenTheOverlapHasAny(
      @ForAll("prose") String text,
      @ForAll @IntRange(min = 8, max = 512) int maxTokens,
      @ForAll @IntRange(min = 1, max = 100) int overlapPercent) {
    int overlap = Math.max(1, (maxTokens - 1) / 2 * overlapPercent / 100);
    Encoding tokens = TOKENIZER.encode(text);
    // Where chunks start under the token bound: the character bound cuts overlong words wherever it must, and
    // ChunkerTest covers that.
    int noCharacterBound = Integer.MAX_VALUE;

    List<Span> spans = new Chunker(TOKENIZER, maxTokens, overlap, noCharacterBound).spans(text);

    assertThat(spans).extracting(s -> s.chunk().tokenCount())
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(maxTokens));
    if (tokens.size() > 0) ChunkerTest.assertCoversInOrder(text, spans); // else nothing to cover (and no chunk)
    for (int k = 1; k < spans.size(); k++) {
      Span previous = spans.get(k - 1);
      int first = firstEndingAfter(tokens, previous.start());
      int endToken = firstStartingAtOrAfter(tokens, previous.end());
      boolean windowHasSpacedWord = false;
      for (int j = Math.max(first + 1, endToken - overlap); j < endToken; j++) {
        windowHasSpacedWord |= tokens.wordStarts()[j] && whitespaceBefore(text, tokens, j);
      }
      if (windowHasSpacedWord) {
        int start = firstStartingAtOrAfter(tokens, spans.get(k).start());
        assertThat(tokens.starts()[start]).as("chunk %d starts at a token", k).isEqualTo(spans.get(k).start());
        assertThat(whitespaceBefore(text, tokens, start)).as("chunk %d: %s", k, head(spans.get(k))).isTrue();
      }
    }
  }

  @Provide
  Arbitrary<String> prose() {
    Arbitrary<String> words = Arbitraries.of("the", "lamp", "Lighthouse", "keeper's", "state-of-the-art", "3.5",
        "e.g.", "naïve", "(see", "below)", "\"Keep", "burning,\"", "https://example.com/a/very/long/path?q=1&r=2",
        "中文字符", "한국어", "😀", "antidisestablishmentarianism");
    Arbitrary<String> separators = Arbitraries.of(" ", " ", " ", ". ", ", ", "; ", "! ", "? ", ".\" ", "\n", "\n\n",
        "。", ".", ",", "-", "\u00a0", "\u200b");
    Arbitrary<String> longWord = Arbitraries.strings().alpha().ofMinLength(20).ofMaxLength(300);
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(12, words), Tuple.of(10, separators), Tuple.of(1, longWord));
    return piece.list().ofMaxSize(600).map(pieces -> String.join("", pieces));
  }

  /**
   * A long page of real-looking prose: paragraphs of 2 to 8 consecutive sentences of a few paragraphs about
   * lighthouses, from random places, until the page holds about {@code tokens} tokens.
   */
  static String lighthousePage(int tokens, long seed) {
    String[] sentences = resource("lighthouses.txt").strip().split("(?<=[.!?]\"?)\\s+(?=[A-Z])");
    Random random = new Random(seed);
    StringBuilder page = new StringBuilder();
    for (int written = 0; written < tokens; ) {
      int from = random.nextInt(sentences.length);
      int count = 2 + random.nextInt(7);
      String paragraph = String.join(" ", Arrays.asList(sentences).subList(from, Math.min(from + count,
          sentences.length)));
      page.append(paragraph).append("\n\n");
      written += TOKENIZER.countTokens(paragraph);
    }
    return page.toString().strip();
  }

  /** After a blank line, or after a sentence terminator (and closing quotes or brackets) and whitespace. */
  private static boolean startsSentence(String text, int position) {
    int i = position;
    while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) i--;
    if (i == position) return position == 0;
    if (text.substring(i, position).contains("\n\n")) return true;
    while (i > 0 && CLOSERS.indexOf(text.charAt(i - 1)) >= 0) i--;
    return i > 0 && ".!?…".indexOf(text.charAt(i - 1)) >= 0;
  }

  /** Whether whitespace lies between token {@code j} and the one before it (with what else the tokenizer skips). */
  private static boolean whitespaceBefore(String text, Encoding tokens, int j) {
    return text.substring(tokens.ends()[j - 1], tokens.starts()[j]).chars()
        .anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

  private static int firstStartingAtOrAfter(Encoding tokens, int position) {
    int j = 0;
    while (j < tokens.size() && tokens.starts()[j] < position) j++;
    return j;
  }

  private static int firstEndingAfter(Encoding tokens, int position) {
    int j = 0;
    while (j < tokens.size() && tokens.ends()[j] <= position) j++;
    return j;
  }

  private static String head(Span span) {
    String text = span.chunk().text();
    return text.substring(0, Math.min(40, text.length()));
  }

  private static String resource(String name) {
    try (InputStream in = ChunkStartTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
