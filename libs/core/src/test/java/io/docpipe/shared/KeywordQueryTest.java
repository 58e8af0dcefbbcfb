package io.docpipe.shared;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeywordQueryTest {

  @Test
  void parse_wordsAreTerms_orIsDropped() {
    assertThat(KeywordQuery.parse("  granite   basalt OR marble "))
        .isEqualTo(new KeywordQuery("granite basalt marble", "", ""));
  }

  @Test
  void parse_quotedPhrases_areRequired_andTheirWordsAreTerms() {
    assertThat(KeywordQuery.parse("rocks \"igneous rock\" \"sedimentary layers\""))
        .isEqualTo(new KeywordQuery("rocks igneous rock sedimentary layers", "\"igneous rock\" \"sedimentary layers\"", ""));
  }

  @Test
  void parse_minusExcludes_wordsAndPhrases_butNotAHyphenInsideAWord() {
    assertThat(KeywordQuery.parse("dead-letter -poison -\"long poll\" --twice"))
        .isEqualTo(new KeywordQuery("dead-letter", "", "poison or \"long poll\" or twice"));
  }

  @Test
  void parse_strayQuotesAndDashes_areNotTerms() {
    assertThat(KeywordQuery.parse("\" - \"\" x\"y -")).isEqualTo(new KeywordQuery("x y", "\"x\"", ""));
    assertThat(KeywordQuery.parse("\"unclosed phrase")).isEqualTo(new KeywordQuery("unclosed phrase", "\"unclosed phrase\"", ""));
  }

  @Property
  void parse_anyText_neverFails_andKeepsQuotesOnlyAroundWholePhrases(@ForAll String query) {
    KeywordQuery parsed = KeywordQuery.parse(query);

    assertThat(parsed.terms()).doesNotContain("\"");
    assertThat(parsed.phrases().replaceAll("\"[^\"]+\"", "").strip()).isEmpty();
    assertThat(parsed.excluded().replaceAll("\"[^\"]+\"", "")).doesNotContain("\"");
  }
}
