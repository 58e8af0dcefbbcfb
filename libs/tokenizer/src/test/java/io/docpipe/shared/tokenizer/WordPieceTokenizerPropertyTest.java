package io.docpipe.shared.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

/** Random texts through ours and HuggingFace {@code tokenizers}. */
class WordPieceTokenizerPropertyTest {
  private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.bge();

  /** jqwik's default strings: any BMP character but surrogates, so mostly CJK, Hangul and rare scripts. */
  @Property(tries = 300)
  void encode_randomBmpText_idsMatchReference(@ForAll @StringLength(max = 300) String text) {
    HfReference.Tokens ours = HfReference.ours(TOKENIZER, text);
    HfReference.Tokens reference = HfReference.reference(text);

    assertThat(ours.ids()).as(text).containsExactly(reference.ids());
    assertThat(ours.withoutUnkSpans(TOKENIZER.unkId())).as(text).isEqualTo(reference.withoutUnkSpans(TOKENIZER.unkId()));
  }

  /** Words the vocabulary knows, glued with random code points from all planes: exercises WordPiece, not just [UNK]. */
  @Property(tries = 300)
  void encode_mixedText_matchesReference(@ForAll("mixedText") String text) {
    HfReference.Tokens ours = HfReference.ours(TOKENIZER, text);
    HfReference.Tokens reference = HfReference.reference(text);

    assertThat(ours.ids()).as(text).containsExactly(reference.ids());
    assertThat(ours.withoutUnkSpans(TOKENIZER.unkId())).as(text).isEqualTo(reference.withoutUnkSpans(TOKENIZER.unkId()));
  }

  @org.junit.jupiter.api.Test
  void encode_strippedMarkThenSpacingMark_knownUnkSpanDifference() {
    String text = "\u0300\u1B44";
    HfReference.Tokens ours = HfReference.ours(TOKENIZER, text);
    HfReference.Tokens reference = HfReference.reference(text);
    assertThat(ours.ids()).containsExactly(reference.ids());
    assertThat(ours.toString()).isEqualTo("100@1-2");
    assertThat(reference.toString()).as("if this starts to match, drop withoutUnkSpans").isEqualTo("100@0-1");
  }

  @Property(tries = 300)
  void countTokens_mixedText_equalsEncodedSize(@ForAll("mixedText") String text) {
    assertThat(TOKENIZER.countTokens(text)).isEqualTo(TOKENIZER.encode(text).size());
  }

  @Provide
  Arbitrary<String> mixedText() {
    Arbitrary<String> words = Arbitraries.of(
        "the", "Tokenization", "unbelievable", "naïve", "Café", "ÅNGSTRÖM", "straße", "中文", "한국어", "カタカナ",
        "[SEP]", "[CLS]", "[cls]", "e.g.", "don't", "3.14", "antidisestablishmentarianism", "😀", "𝐛𝐨𝐥𝐝", "ﬁ");
    Arbitrary<String> anyCodePoint = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
        .map(Character::toString);
    Arbitrary<String> special = Arbitraries.of(
        " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u2028", "\u000b", "\u0000", "\u0085", "\u200b", "\u200d",
        "\ufeff", "\ufffd", "\u00ad", "\u0301", "\u0308", "\u0327", "\u0345", ".", ",", "!", "?", "-", "'", "\"", "(",
        ")", "[", "]", "…", "—", "。", "！", "\ud83c\udffd", "\ufe0f", "\ue000", "\u0378", "\u037e", "\u1fef");
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(5, words),
        Tuple.of(4, special),
        Tuple.of(2, anyCodePoint),
        Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(120)));
    return piece.list().ofMaxSize(60).map(pieces -> String.join("", pieces));
  }
}
