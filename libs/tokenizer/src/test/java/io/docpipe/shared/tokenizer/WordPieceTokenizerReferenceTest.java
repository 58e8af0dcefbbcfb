package io.docpipe.shared.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.tokenizer.HfReference.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ours against HuggingFace {@code tokenizers} on the same tokenizer.json: ids, offsets and word starts must agree. */
class WordPieceTokenizerReferenceTest {
  private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.bge();

  static Stream<Arguments> trickyTexts() {
    return Stream.of(
        Arguments.of("english prose", "The quick brown fox jumps over the lazy dog. It wasn't me! Dr. Smith's e-mail: "
            + "smith@example.com, phone (555) 123-4567. Tokenization of unbelievably antidisestablishmentarian words."),
        Arguments.of("accents", "Café naïve Ångström résumé façade coöperate Zürich São Paulo Þór Dvořák Łódź"),
        Arguments.of("special casing", "İSTANBUL ΣΊΣΥΦΟΣ ǅemal Straße ﬁne ẞ ǈ Ǳ K Å Ω"),
        Arguments.of("chinese", "中文分词测试，包括标点。简体与繁體。"),
        Arguments.of("japanese with kana", "日本語のテキストとカタカナ、ひらがな。ｶﾀｶﾅ"),
        Arguments.of("korean", "한국어 텍스트 처리입니다"),
        Arguments.of("emoji and surrogate pairs", "I ❤️ 🍕 and 👨‍👩‍👧‍👦 family 😀😀 𝐛𝐨𝐥𝐝 𠀋 𝕏 a😀b"),
        Arguments.of("control chars", "a\u0000b\u0001c\u0007d\u001be\u007ff\u0085g\u000bh\u000ci\tj\nk\rl\u009fm"),
        Arguments.of("zero-width chars", "zero\u200bwidth\u200cnon\u200djoiner\ufeffbom\u2060word\u00adsoft\u200e"),
        Arguments.of("replacement char", "bad \ufffd byte\ufffd\ufffd end"),
        Arguments.of("150-char word", "abcdefghij".repeat(15) + " tail"),
        Arguments.of("100 and 101 char words",
            "x".repeat(100) + " " + "y".repeat(101) + " é".repeat(3) + "e".repeat(99) + "\u0301"),
        Arguments.of("10,000-char word", randomLetters(10_000, 7) + " after"),
        Arguments.of("punctuation runs",
            "Wait... what?!?! --- ((nested)) <<>> ¡¿ «quotes» “curly” ‘single’ — – … ‰ §¶ @#$%^&*_+=|~`"),
        Arguments.of("numbers", "3.14159 1,000,000 2024-01-15 0x1F 1e-10 ½ ² ① ٣ ४ 12th 1st"),
        Arguments.of("mixed scripts", "Hello Мир Γειά שלום مرحبا नमस्ते สวัสดี ሰላም Ελληνικά русский"),
        Arguments.of("html-ish",
            "<div class=\"x\">Hello&nbsp;<b>world</b></div>\n<!-- c -->&amp;&#x27; <a href='/p?q=1&r=2'>"),
        Arguments.of("whitespace variants", "a\u00a0b\u2003c\u3000d\u2028e\u2029f\u1680g\u202fh\u205fi\u180ej\u2000k"),
        Arguments.of("added tokens literally", "[CLS] x [SEP][PAD][MASK] [UNK] [cls] [SEP x[SEP]y [[SEP]]"),
        Arguments.of("combining marks", "e\u0301\u0327 a\u0308\u0304 \u0301lone Z\u0351\u0352\u0357a\u036bl\u0364go"),
        Arguments.of("cjk compatibility and extensions",
            "\uf900\ufa0e \ud840\udc0b \ud86e\udc1f\ud86e\udc20\ud86e\udd20 \u2f00"),
        Arguments.of("greek punctuation by decomposition", "\u037e \u1fef x\u1fefy \u0387"),
        Arguments.of("indic vowel signs", "हिन्दी पाठ বাংলা தமிழ் ಕನ್ನಡ සිංහල"),
        Arguments.of("empty", ""),
        Arguments.of("whitespace only", "  \n\t \u3000 "),
        Arguments.of("line endings", "line1\r\nline2\n\n\tindented\r\rend"),
        Arguments.of("private use and unassigned", "a\ue000b \udb80\udc00 c\u0890d \u0378 \ud83e\udef8"),
        Arguments.of("fullwidth", "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ！ １２３"),
        Arguments.of("long document", prose(3_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trickyTexts")
  void encode_trickyText_matchesReference(String name, String text) {
    assertThat(HfReference.ours(TOKENIZER, text)).isEqualTo(HfReference.reference(text));
  }

  /**
   * Every Unicode scalar value, between two letters: catches any character whose class (dropped, space, punctuation,
   * CJK, mark, letter) or normalization differs from the reference. About 10 s, nearly all of it in DJL building a
   * Java object per token.
   */
  @Test
  void encode_everyCodePoint_matchesReference() {
    List<String> mismatches = new ArrayList<>();
    List<Integer> block = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) continue;
      block.add(cp);
      if (block.size() == 1_000 || cp == Character.MAX_CODE_POINT) {
        compareBlock("a%sb", block, mismatches);
        block.clear();
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static void compareBlock(String context, List<Integer> block, List<String> mismatches) {
    StringBuilder text = new StringBuilder();
    for (int cp : block) text.append(context.formatted(Character.toString(cp))).append(' ');
    String joined = text.toString();
    if (HfReference.ours(TOKENIZER, joined).equals(HfReference.reference(joined))) return;
    for (int cp : block) { // narrow the block down to the culprits
      String one = context.formatted(Character.toString(cp));
      Tokens ours = HfReference.ours(TOKENIZER, one);
      Tokens reference = HfReference.reference(one);
      if (!ours.equals(reference) && mismatches.size() < 50) {
        mismatches.add("U+%04X in '%s': ours %s, reference %s".formatted(cp, context, ours, reference));
      }
    }
  }

  static String randomLetters(int length, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) s.append((char) ('a' + random.nextInt(26)));
    return s.toString();
  }

  /** Varied English sentences and paragraphs, deterministic for a given word count. */
  static String prose(int words) {
    String[] vocabulary = ("the a of pipeline document chunk token embedding search query model Lambda queue "
        + "serverless ingestion transformer vector database retrieval boundary paragraph sentence unbelievable "
        + "internationalization tokenizer's state-of-the-art e.g. 42 3.5% (optional) \"quoted\" naïve café").split(" ");
    Random random = new Random(words);
    StringBuilder s = new StringBuilder();
    for (int i = 0, sentence = 0; i < words; i++) {
      String word = vocabulary[random.nextInt(vocabulary.length)];
      s.append(sentence == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
      sentence++;
      if (sentence > 6 && random.nextInt(8) == 0) {
        s.append(".!?".charAt(random.nextInt(3)));
        s.append(random.nextInt(5) == 0 ? "\n\n" : " ");
        sentence = 0;
      } else {
        s.append(random.nextInt(12) == 0 ? ", " : " ");
      }
    }
    return s.toString().trim();
  }
}
