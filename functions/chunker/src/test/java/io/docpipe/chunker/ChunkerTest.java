package io.docpipe.chunker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docpipe.chunker.Chunker.Span;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.tokenizer.Encoding;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkerTest {
  private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.bge();

  @Test
  void split_longProse_neverExceedsMaxTokens() {
    String text = prose(5_000, 1);

    List<Chunk> chunks = new Chunker(TOKENIZER, 512, 64).split(text);

    assertThat(chunks).hasSizeGreaterThan(5);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertThat(chunk.chunkIndex()).isEqualTo(i);
      assertThat(chunk.tokenCount()).isEqualTo(TOKENIZER.countWithSpecialTokens(chunk.text())).isLessThanOrEqualTo(512);
    }
  }

  @Test
  void split_longProse_trimmedSubstringsThatCoverTheText() {
    String text = prose(5_000, 2);

    List<Span> spans = new Chunker(TOKENIZER, 512, 64).spans(text);

    assertCoversInOrder(text, spans);
    assertThat(spans.getFirst().start()).isZero();
    assertThat(spans.getLast().end()).isEqualTo(text.length());
  }

  @Test
  void split_longProse_cutsInTheLatterHalfOfTheWindow() {
    List<Chunk> chunks = new Chunker(TOKENIZER, 512, 0).split(prose(5_000, 3));

    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.tokenCount()).isGreaterThan(256));
  }

  @Test
  void split_shortText_isOneChunkWithTheExactText() {
    String text = "A short document. It fits in one chunk.";

    List<Chunk> chunks = new Chunker(TOKENIZER, 512, 64).split(text);

    assertThat(chunks).containsExactly(new Chunk(0, text, TOKENIZER.countWithSpecialTokens(text)));
  }

  @Test
  void split_surroundingWhitespace_isTrimmed() {
    List<Chunk> chunks = new Chunker(TOKENIZER, 512, 0).split("\n\n  Hello world.  \n");

    assertThat(chunks).extracting(Chunk::text).containsExactly("Hello world.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\n\t ", "\u3000", "\u200b\u0000\u200b"})
  void split_nothingTheModelSees_isEmpty(String text) {
    assertThat(new Chunker(TOKENIZER, 512, 64).split(text)).isEmpty();
  }

  @Test
  void split_cjkText_cutsAfterSentenceEnds() {
    String text = "自然语言处理是人工智能的一个重要领域。它研究如何让计算机理解人类的语言！这真的很难吗？".repeat(40);

    List<Chunk> chunks = new Chunker(TOKENIZER, 64, 0).split(text);

    assertThat(chunks).hasSizeGreaterThan(10)
        .allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(64))
        .allSatisfy(c -> assertThat(c.text()).matches(".*[。！？]$"));
  }

  /** The user's report: a 4 MB single word (one [UNK] to WordPiece) was stored and returned as one 4 MB chunk. */
  @Test
  void split_fourMegabyteWord_isCutIntoChunksWithinTheCharacterBound() {
    String word = randomLetters(4 * 1024 * 1024);
    assertThat(TOKENIZER.countTokens(word)).as("over 100 characters: one [UNK]").isEqualTo(1);

    List<Span> spans = new Chunker(TOKENIZER, 512, 64).spans(word);

    int maxChars = Chunker.defaultMaxChars(512);
    assertThat(spans).hasSizeGreaterThanOrEqualTo(word.length() / maxChars)
        .allSatisfy(s -> assertThat(s.chunk().text().length()).isLessThanOrEqualTo(maxChars))
        .allSatisfy(s -> assertThat(s.chunk().tokenCount()).isLessThanOrEqualTo(512));
    assertCoversInOrder(word, spans);
    assertThat(spans.stream().map(s -> s.chunk().text()).collect(Collectors.joining()))
        .as("no overlap inside one word: the pieces are the word").isEqualTo(word);
  }

  @Test
  void split_giantWordOfRealSubwords_staysWithinBothBounds() {
    String word = "antidisestablishment".repeat(300);
    assertThat(TOKENIZER.countTokens(word)).as("6,000 characters: one [UNK] despite its pieces").isEqualTo(1);
    String text = "Before. " + word + " After.";

    List<Span> spans = new Chunker(TOKENIZER, 16, 4, 50).spans(text);

    assertThat(spans).extracting(s -> s.chunk().tokenCount()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(16));
    assertThat(spans).extracting(s -> s.chunk().text().length()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(50));
    assertCoversInOrder(text, spans);
  }

  @Test
  void split_proseWithA300CharacterToken_cutsOnlyTheTokenAndStartsOtherChunksAtWords() {
    String token = randomLetters(300);
    String text = prose(300, 8) + " " + token + " " + prose(300, 9);
    int maxChars = 256;

    List<Span> spans = new Chunker(TOKENIZER, 128, 16, maxChars).spans(text);

    assertThat(spans).allSatisfy(s -> {
      assertThat(s.chunk().text().length()).isLessThanOrEqualTo(maxChars);
      assertThat(s.chunk().tokenCount()).isLessThanOrEqualTo(128);
    });
    assertCoversInOrder(text, spans);
    int tokenStart = text.indexOf(token);
    for (Span span : spans.subList(1, spans.size())) {
      boolean insideToken = span.start() > tokenStart && span.start() < tokenStart + token.length();
      if (!insideToken) {
        assertThat(Character.isWhitespace(text.charAt(span.start() - 1))).as("chunk %d: %s",
            span.chunk().chunkIndex(), span.chunk().text()).isTrue();
      }
    }
    assertThat(spans).filteredOn(s -> s.start() > tokenStart && s.start() < tokenStart + token.length())
        .as("the 300 characters do not fit in 256: cut once").hasSize(1);
  }

  @Test
  void split_300CharacterTokenUnderTheDefaultBound_staysWhole() {
    String token = randomLetters(300);
    String text = prose(300, 10) + " " + token + " " + prose(300, 11);

    List<Chunk> chunks = new Chunker(TOKENIZER, 512, 64).split(text);

    assertThat(chunks).extracting(Chunk::text).anySatisfy(t -> assertThat(t).contains(token));
  }

  /** Mathematical bold letters are letters outside the BMP: one word of surrogate pairs, cut at an odd bound. */
  @Test
  void split_overlongWordOfSurrogatePairs_neverCutsInsideAPair() {
    String word = "\uD835\uDC00\uD835\uDC01".repeat(2_000);
    assertThat(TOKENIZER.countTokens(word)).isEqualTo(1);

    List<Span> spans = new Chunker(TOKENIZER, 64, 8, 101).spans(word);

    assertThat(spans).hasSizeGreaterThan(70).allSatisfy(s -> {
      String t = s.chunk().text();
      assertThat(t.length()).isLessThanOrEqualTo(101);
      assertThat(Character.isLowSurrogate(t.charAt(0))).as("starts with half a pair").isFalse();
      assertThat(Character.isHighSurrogate(t.charAt(t.length() - 1))).as("ends with half a pair").isFalse();
    });
    assertCoversInOrder(word, spans);
  }

  @Test
  void split_wordsLongerThanTheWindow_cutInsideWordsWithinTheBound() {
    String word = "antidisestablishmentarianism".repeat(3); // 84 characters: WordPiece splits it, no [UNK]
    assertThat(TOKENIZER.countTokens(word)).isGreaterThan(6);
    String text = (word + " ").repeat(20).strip();

    List<Span> spans = new Chunker(TOKENIZER, 8, 0).spans(text);

    assertThat(spans).extracting(s -> s.chunk().tokenCount()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(8));
    assertCoversInOrder(text, spans);
  }

  @Test
  void split_paragraphs_cutOnBlankLines() {
    StringBuilder text = new StringBuilder();
    Random random = new Random(4);
    for (int p = 0; p < 40; p++) text.append(sentences(2 + random.nextInt(3), random)).append("\n\n");
    String document = text.toString().strip();

    List<Span> spans = new Chunker(TOKENIZER, 256, 0).spans(document);

    assertThat(spans).hasSizeGreaterThan(3);
    for (Span span : spans.subList(0, spans.size() - 1)) {
      assertThat(document.substring(span.end())).startsWith("\n\n");
    }
  }

  @Test
  void split_overlap_nextChunkStartsBeforeThePreviousEndsByAtMostOverlapPlusOneWord() {
    String text = prose(3_000, 5);
    Encoding tokens = TOKENIZER.encode(text);
    int overlap = 32;

    List<Span> spans = new Chunker(TOKENIZER, 128, overlap).spans(text);

    assertThat(spans).hasSizeGreaterThan(10);
    for (int k = 1; k < spans.size(); k++) {
      Span previous = spans.get(k - 1);
      Span next = spans.get(k);
      assertThat(next.start()).isGreaterThan(previous.start()).isLessThan(previous.end());
      int shared = TOKENIZER.countTokens(text.substring(next.start(), previous.end()));
      assertThat(shared).isBetween(1, overlap + longestWord(text));
      int first = Arrays.binarySearch(tokens.starts(), next.start());
      assertThat(first).as("next chunk starts at a token").isNotNegative();
      assertThat(tokens.wordStarts()[first]).as("... that begins a word").isTrue();
      assertThat(Character.isWhitespace(text.charAt(next.start() - 1))).as("... after whitespace").isTrue();
    }
  }

  @Test
  void split_overlapZero_disjointChunksHoldAllTokensInOrder() {
    String text = prose(3_000, 6);

    List<Span> spans = new Chunker(TOKENIZER, 64, 0).spans(text);

    for (int k = 1; k < spans.size(); k++) {
      assertThat(spans.get(k).start()).isGreaterThanOrEqualTo(spans.get(k - 1).end());
    }
    int[] chunkIds = spans.stream().flatMapToInt(s -> IntStream.of(TOKENIZER.encode(s.chunk().text()).ids())).toArray();
    assertThat(chunkIds).containsExactly(TOKENIZER.encode(text).ids());
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 9, 16, 33})
  void split_smallMaxTokens_staysWithinTheBound(int maxTokens) {
    String text = prose(400, 7) + "\n\n한국어 텍스트 처리입니다. 日本語のテキスト。 Ünïcödé 😀 " + "supercalifragilistic".repeat(4);

    List<Span> spans = new Chunker(TOKENIZER, maxTokens, (maxTokens - 1) / 2).spans(text);

    assertThat(spans).extracting(s -> s.chunk().tokenCount())
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(maxTokens));
    assertCoversInOrder(text, spans);
  }

  /** A tokenizer where "bcdefgh" is one piece inside a word but seven at a word start, to force the last resort. */
  @Test
  void split_pieceThatReTokenizesLongerAtAWordStart_isCutBetweenCharacters() {
    WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(new ByteArrayInputStream("""
        {"normalizer": {"type": "BertNormalizer"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "a": 3, "b": 4, "##a": 5,
           "##bcdefgh": 6, "##c": 7, "##d": 8, "##e": 9, "##f": 10, "##g": 11, "##h": 12}}}"""
        .getBytes(StandardCharsets.UTF_8)));
    assertThat(tokenizer.countTokens("aaaaaabcdefgh")).isEqualTo(7); // a ##a x5 ##bcdefgh
    assertThat(tokenizer.countTokens("bcdefgh")).isEqualTo(7); // b ##c ##d ##e ##f ##g ##h

    List<Chunk> chunks = new Chunker(tokenizer, 8, 0).split("aaaaaabcdefgh");

    assertThat(chunks).containsExactly(new Chunk(0, "aaaaaa", 8), new Chunk(1, "bcdefg", 8), new Chunk(2, "h", 3));
  }

  @Test
  void new_maxTokensBelowMinimum_failsNamingIt() {
    assertThatThrownBy(() -> new Chunker(TOKENIZER, 7, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, 300})
  void new_overlapNegativeOrHalfOfMax_failsNamingIt(int overlapTokens) {
    assertThatThrownBy(() -> new Chunker(TOKENIZER, 512, overlapTokens))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlapTokens");
  }

  @Test
  void new_maxCharsBelowOneCodePoint_failsNamingIt() {
    assertThatThrownBy(() -> new Chunker(TOKENIZER, 512, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChars");
  }

  @Test
  void new_nullTokenizer_failsNamingIt() {
    assertThatThrownBy(() -> new Chunker(null, 512, 0)).hasMessageContaining("tokenizer");
  }

  @Property(tries = 500)
  void split_randomText_chunksFitAreNonEmptyAndCoverEverything(
      @ForAll("texts") String text,
      @ForAll @IntRange(min = 8, max = 512) int maxTokens,
      @ForAll @IntRange(min = 0, max = 100) int overlapPercent) {
    int overlap = maxTokens / 4 * overlapPercent / 100;

    List<Span> spans = new Chunker(TOKENIZER, maxTokens, overlap).spans(text);

    if (TOKENIZER.countTokens(text) == 0) {
      assertThat(spans).isEmpty(); // nothing a chunk could hold: whitespace, controls, zero-width characters
      return;
    }
    for (Span span : spans) {
      assertThat(span.chunk().text()).isNotBlank().isEqualTo(span.chunk().text().strip());
      assertThat(span.chunk().tokenCount())
          .isEqualTo(TOKENIZER.countWithSpecialTokens(span.chunk().text()))
          .isLessThanOrEqualTo(maxTokens);
    }
    assertCoversInOrder(text, spans);
  }

  @Property(tries = 100)
  void split_randomTextWithLongWords_chunksRespectBothBoundsAndCoverEverything(
      @ForAll("textsWithLongWords") String text,
      @ForAll @IntRange(min = 8, max = 512) int maxTokens,
      @ForAll @IntRange(min = 0, max = 100) int overlapPercent,
      @ForAll @IntRange(min = 2, max = 1_000) int maxChars) {
    int overlap = maxTokens / 4 * overlapPercent / 100;

    List<Span> spans = new Chunker(TOKENIZER, maxTokens, overlap, maxChars).spans(text);

    if (TOKENIZER.countTokens(text) == 0) {
      assertThat(spans).isEmpty();
      return;
    }
    for (Span span : spans) {
      assertThat(span.chunk().text()).isNotBlank().isEqualTo(span.chunk().text().strip()).hasSizeLessThanOrEqualTo(maxChars);
      assertThat(span.chunk().tokenCount())
          .isEqualTo(TOKENIZER.countWithSpecialTokens(span.chunk().text()))
          .isGreaterThan(2)
          .isLessThanOrEqualTo(maxTokens);
    }
    assertCoversWhatTheModelSeesInOrder(text, spans);
  }

  @Provide
  Arbitrary<String> textsWithLongWords() {
    Arbitrary<String> longWord = Arbitraries.strings().alpha().ofMinLength(100).ofMaxLength(3_000);
    Arbitrary<String> pairs = Arbitraries.of("\uD835\uDC00", "\uD83D\uDE00").list().ofMinSize(50).ofMaxSize(600)
        .map(cps -> String.join("", cps));
    return Arbitraries.frequencyOf(Tuple.of(6, texts()), Tuple.of(2, longWord), Tuple.of(1, pairs))
        .list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(" ", parts));
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> words = Arbitraries.of("the", "chunk", "Tokenization", "naïve", "state-of-the-art", "3.14",
        "antidisestablishmentarianism", "中文", "한국어", "カタカナ", "😀", "[SEP]", "e.g.", "don't");
    Arbitrary<String> separators = Arbitraries.of(" ", " ", " ", "\n", "\n\n", "\t", ". ", "! ", "? ", "。", ", ",
        "\u200b", "\u0301", "\u00a0", " \n \n ");
    Arbitrary<String> anyCodePoint = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
        .map(Character::toString);
    Arbitrary<String> longWord = Arbitraries.strings().alpha().ofMinLength(20).ofMaxLength(150);
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(10, words), Tuple.of(8, separators), Tuple.of(2, anyCodePoint), Tuple.of(1, longWord));
    return piece.list().ofMaxSize(400).map(pieces -> String.join("", pieces));
  }

  /** Spans are trimmed substrings, in order, each starting no later than the previous one ends, covering all. */
  static void assertCoversInOrder(String text, List<Span> spans) {
    int covered = 0; // text[0, covered) is in some chunk or whitespace
    int previousStart = -1;
    for (Span span : spans) {
      assertThat(text.substring(span.start(), span.end())).isEqualTo(span.chunk().text());
      assertThat(span.start()).isGreaterThan(previousStart);
      String gap = text.substring(Math.min(covered, span.start()), span.start());
      assertThat(gap).as("gap before chunk %d", span.chunk().chunkIndex()).isBlank();
      covered = Math.max(covered, span.end());
      previousStart = span.start();
    }
    assertThat(text.substring(covered)).as("after the last chunk").isBlank();
  }

  /**
   * As {@link #assertCoversInOrder}, except that a gap may hold more than whitespace: a run of characters the tokenizer
   * drops (zero-width, controls) too long for the character bound is in no chunk.
   */
  private static void assertCoversWhatTheModelSeesInOrder(String text, List<Span> spans) {
    int covered = 0;
    int previousStart = -1;
    for (Span span : spans) {
      assertThat(text.substring(span.start(), span.end())).isEqualTo(span.chunk().text());
      assertThat(span.start()).isGreaterThan(previousStart);
      String gap = text.substring(Math.min(covered, span.start()), span.start());
      assertThat(TOKENIZER.countTokens(gap)).as("tokens in the gap before chunk %d", span.chunk().chunkIndex()).isZero();
      covered = Math.max(covered, span.end());
      previousStart = span.start();
    }
    assertThat(TOKENIZER.countTokens(text.substring(covered))).as("tokens after the last chunk").isZero();
  }

  /** The most tokens any one whitespace-delimited word of {@code text} has, as "state-of-the-art" has 7. */
  private static int longestWord(String text) {
    return Arrays.stream(text.split("\\s+")).mapToInt(TOKENIZER::countTokens).max().orElse(0);
  }

  private static String randomLetters(int length) {
    Random random = new Random(length);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) s.append((char) ('a' + random.nextInt(26)));
    return s.toString();
  }

  /** Varied English paragraphs, deterministic per seed. */
  private static String prose(int words, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int written = 0; written < words; ) {
      int sentences = 1 + random.nextInt(6);
      text.append(sentences(sentences, random)).append(random.nextInt(3) == 0 ? "\n" : "\n\n");
      written += sentences * 12;
    }
    return text.toString().strip();
  }

  private static String sentences(int count, Random random) {
    String[] vocabulary = ("the a of and pipeline document chunk token embedding search query model Lambda queue "
        + "serverless ingestion transformer vector database retrieval boundary paragraph sentence unbelievable "
        + "internationalization tokenizer's state-of-the-art e.g. 42 3.5% (optional) \"quoted\" naïve café "
        + "is was will be runs splits stores reads").split(" ");
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < count; c++) {
      int length = 4 + random.nextInt(17);
      for (int w = 0; w < length; w++) {
        String word = vocabulary[random.nextInt(vocabulary.length)];
        s.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        s.append(w == length - 1 ? ".!?".charAt(random.nextInt(3)) + " " : random.nextInt(10) == 0 ? ", " : " ");
      }
    }
    return s.toString().strip();
  }
}
