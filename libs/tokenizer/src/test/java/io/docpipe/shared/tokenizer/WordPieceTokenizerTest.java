package io.docpipe.shared.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordPieceTokenizerTest {
  private final WordPieceTokenizer tokenizer = WordPieceTokenizer.bge();

  @Test
  void encode_plainWords_offsetsCutTheOriginalText() {
    String text = "Hello, world";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.ids()).containsExactly(7592, 1010, 2088);
    assertThat(pieces(text, encoding)).containsExactly("Hello", ",", "world");
    assertThat(encoding.wordStarts()).containsExactly(true, true, true);
  }

  @Test
  void encode_wholeWords_substringReTokenizesToTheSameId() {
    String text = "The quick brown fox, naïvely: jumped! Over 42 dogs.";

    Encoding encoding = tokenizer.encode(text);

    for (int i = 0; i < encoding.size(); i++) {
      boolean wholeWord = encoding.wordStarts()[i] && (i + 1 == encoding.size() || encoding.wordStarts()[i + 1]);
      if (!wholeWord) continue;
      String piece = text.substring(encoding.starts()[i], encoding.ends()[i]);
      assertThat(tokenizer.encode(piece).ids()).as(piece).containsExactly(encoding.ids()[i]);
    }
  }

  @Test
  void encode_subwords_markContinuationPieces() {
    String text = "tokenization";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.ids()).containsExactly(19204, 3989); // token ##ization
    assertThat(encoding.wordStarts()).containsExactly(true, false);
    assertThat(pieces(text, encoding)).containsExactly("token", "ization");
  }

  @Test
  void encode_accentedWord_spansTheOriginalCharacters() {
    String text = "Café!";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.ids()).containsExactly(7668, 999); // cafe !
    assertThat(pieces(text, encoding)).containsExactly("Café", "!");
  }

  @Test
  void encode_surrogatePairs_offsetsAreUtf16Indices() {
    String text = "a😀b 😀";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.ids()).containsExactly(tokenizer.unkId(), tokenizer.unkId());
    assertThat(pieces(text, encoding)).containsExactly("a😀b", "😀");
  }

  @Test
  void encode_loneSurrogate_isDroppedLikeAControlCharacter() {
    assertThat(tokenizer.encode("ab\ud800cd").ids()).isEqualTo(tokenizer.encode("abcd").ids());
  }

  @Test
  void encode_literalSpecialToken_isOneWord() {
    String text = "a[SEP]b";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.ids()).containsExactly(1037, tokenizer.sepId(), 1038);
    assertThat(pieces(text, encoding)).containsExactly("a", "[SEP]", "b");
  }

  @Test
  void encode_wordOver100Chars_isOneUnknownSpanningIt() {
    String word = "abcdefghij".repeat(15);
    String text = "start " + word + " end";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.size()).isEqualTo(3);
    assertThat(encoding.ids()[1]).isEqualTo(tokenizer.unkId());
    assertThat(text.substring(encoding.starts()[1], encoding.ends()[1])).isEqualTo(word);
  }

  @Test
  void encode_hangulSyllable_jamoTokensShareTheSyllable() {
    String text = "한";

    Encoding encoding = tokenizer.encode(text);

    assertThat(encoding.size()).isEqualTo(3);
    assertThat(pieces(text, encoding)).containsOnly("한");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t\u3000", "\u200b\u0000\ufffd"})
  void encode_nothingTokenizable_isEmpty(String text) {
    assertThat(tokenizer.encode(text).size()).isZero();
    assertThat(tokenizer.countTokens(text)).isZero();
    assertThat(tokenizer.countWithSpecialTokens(text)).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hello, world", "tokenization of 中文 and 한국어", "😀 [SEP] x"})
  void countTokens_isTheEncodedSize_andSpecialTokensAddTwo(String text) {
    int size = tokenizer.encode(text).size();

    assertThat(tokenizer.countTokens(text)).isEqualTo(size);
    assertThat(tokenizer.countWithSpecialTokens(text)).isEqualTo(size + 2);
  }

  @Test
  void modelInputIds_shortText_wrapsInClsAndSep() {
    assertThat(tokenizer.modelInputIds("Hello, world", 512)).containsExactly(101, 7592, 1010, 2088, 102);
  }

  @Test
  void modelInputIds_longText_truncatesAndKeepsSepLast() {
    String text = "word ".repeat(1_000);

    long[] ids = tokenizer.modelInputIds(text, 512);

    assertThat(ids).hasSize(512);
    assertThat(ids[0]).isEqualTo(tokenizer.clsId());
    assertThat(ids[511]).isEqualTo(tokenizer.sepId());
    assertThat(ids[510]).isEqualTo(tokenizer.encode("word").ids()[0]);
  }

  @Test
  void modelInputIds_exactFit_isNotTruncated() {
    String text = "a b c";

    assertThat(tokenizer.modelInputIds(text, 5)).hasSize(5).endsWith(tokenizer.sepId());
    assertThat(tokenizer.modelInputIds(text, 4)).containsExactly(101, 1037, 1038, 102);
  }

  @Test
  void modelInputIds_maxTokensTwo_onlySpecialTokens() {
    assertThat(tokenizer.modelInputIds("Hello", 2)).containsExactly(tokenizer.clsId(), tokenizer.sepId());
  }

  @Test
  void modelInputIds_maxTokensBelowTwo_failsNamingTheArgument() {
    assertThatThrownBy(() -> tokenizer.modelInputIds("Hello", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTokens");
  }

  @Test
  void specialIds_areBertUncased() {
    assertThat(tokenizer.clsId()).isEqualTo(101);
    assertThat(tokenizer.sepId()).isEqualTo(102);
    assertThat(tokenizer.padId()).isZero();
    assertThat(tokenizer.unkId()).isEqualTo(100);
  }

  @Test
  void bge_isLoadedOnce() {
    assertThat(WordPieceTokenizer.bge()).isSameAs(tokenizer);
  }

  @Test
  void fromJson_anotherModel_failsNamingTheField() {
    String json = """
        {"normalizer": {"type": "BertNormalizer"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "BPE", "vocab": {}}}""";

    assertThatThrownBy(() -> WordPieceTokenizer.fromJson(stream(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.type must be WordPiece, was BPE");
  }

  @Test
  void fromJson_normalizedAddedToken_isRejected() {
    String json = """
        {"normalizer": {"type": "BertNormalizer"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}},
         "added_tokens": [{"id": 1, "content": "a", "normalized": true}]}""";

    assertThatThrownBy(() -> WordPieceTokenizer.fromJson(stream(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normalized");
  }

  @Test
  void fromJson_notJson_failsUnchecked() {
    assertThatThrownBy(() -> WordPieceTokenizer.fromJson(stream("not json")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void fromJson_minimalVocab_tokenizesWithIt() {
    String json = """
        {"normalizer": {"type": "BertNormalizer", "lowercase": false, "strip_accents": null},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "Ab": 3, "##c": 4}}}""";
    WordPieceTokenizer small = WordPieceTokenizer.fromJson(stream(json));

    assertThat(small.encode("Abc ab Ábc").ids()).containsExactly(3, 4, 0, 0); // no lowercase, so no accent strip
    assertThat(small.modelInputIds("Abc", 10)).containsExactly(1, 3, 4, 2);
  }

  private static String[] pieces(String text, Encoding encoding) {
    String[] pieces = new String[encoding.size()];
    for (int i = 0; i < pieces.length; i++) pieces[i] = text.substring(encoding.starts()[i], encoding.ends()[i]);
    return pieces;
  }

  private static ByteArrayInputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
