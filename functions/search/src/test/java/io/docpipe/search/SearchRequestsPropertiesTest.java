package io.docpipe.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The search request validators: valid queries and top_k pass, each kind of invalid one is refused. */
class SearchRequestsPropertiesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property
  void textOf1To2000CodePoints_isAValidQuery(@ForAll("queries") String query) {
    assertThat(SearchApi.queryProblem(query)).as(query).isNull();
  }

  @Property
  void blankOrOverlongQueries_areRefused(@ForAll @StringLength(max = 50) @net.jqwik.api.constraints.Whitespace String blank,
      @ForAll @IntRange(min = 2001, max = 10_000) int length) {
    assertThat(SearchApi.queryProblem(blank)).isNotNull();
    assertThat(SearchApi.queryProblem("q".repeat(length))).contains("2000");
    // 2,000 emoji are 4,000 UTF-16 units but 2,000 characters: accepted.
    assertThat(SearchApi.queryProblem("\uD83D\uDE00".repeat(2000))).isNull();
  }

  @Property
  void controlCharactersAndLoneSurrogates_areRefused(@ForAll("queries") String query, @ForAll("forbidden") char bad,
      @ForAll @IntRange(min = 0, max = 1999) int at) {
    int i = Math.min(at, query.length());
    // Never split a pair: the forbidden character goes before a high surrogate or after a low one.
    if (i > 0 && i < query.length() && Character.isLowSurrogate(query.charAt(i))) i++;
    String hostile = (query.substring(0, i) + bad + query.substring(i));
    if (hostile.codePointCount(0, hostile.length()) > SearchApi.MAX_QUERY_CHARS) return;

    assertThat(SearchApi.queryProblem(hostile)).isNotNull();
  }

  @Property
  void integersFrom1To100_andAbsentOrNull_areValidTopK(@ForAll @IntRange(min = 1, max = SearchApi.MAX_TOP_K) int topK) {
    assertThat(SearchApi.isValidTopK(NODES.numberNode(topK))).isTrue();
    assertThat(SearchApi.isValidTopK(NODES.numberNode((double) topK))).isTrue();
    assertThat(SearchApi.isValidTopK(null)).isTrue();
    assertThat(SearchApi.isValidTopK(NODES.nullNode())).isTrue();
  }

  @Property
  void everythingElse_isAnInvalidTopK(@ForAll("invalidTopK") JsonNode topK) {
    assertThat(SearchApi.isValidTopK(topK)).as(String.valueOf(topK)).isFalse();
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0020', '\u007e').withCharRange('\u00a0', '\ud7ff')
        .withCharRange('\ue000', '\ufffd').withChars('\t', '\n', '\r').ofMinLength(1).ofMaxLength(300);
    Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "\uD83D\uDD0D", "\uD840\uDC00", "");
    return net.jqwik.api.Combinators.combine(text, emoji).as((t, e) -> t + e).filter(s -> !s.isBlank());
  }

  @Provide
  Arbitrary<Character> forbidden() {
    return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u0008'), Arbitraries.chars().range('\u000b', '\u000c'),
        Arbitraries.chars().range('\u000e', '\u001f'), Arbitraries.chars().range('\u007f', '\u009f'),
        Arbitraries.chars().range('\uD800', '\uDFFF'));
  }

  @Provide
  Arbitrary<JsonNode> invalidTopK() {
    return Arbitraries.oneOf(
        Arbitraries.integers().lessOrEqual(0).map(NODES::numberNode),
        Arbitraries.integers().greaterOrEqual(SearchApi.MAX_TOP_K + 1).map(NODES::numberNode),
        Arbitraries.doubles().between(1, SearchApi.MAX_TOP_K).filter(d -> d != Math.rint(d)).map(NODES::numberNode),
        Arbitraries.just(NODES.numberNode(new BigDecimal("1e400"))),
        Arbitraries.just(NODES.numberNode(Double.NaN)),
        Arbitraries.integers().between(1, SearchApi.MAX_TOP_K).map(i -> NODES.textNode(Integer.toString(i))),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.integers().between(1, SearchApi.MAX_TOP_K).map(i -> NODES.arrayNode().add(i)),
        Arbitraries.integers().between(1, SearchApi.MAX_TOP_K).map(i -> NODES.objectNode().put("value", i)));
  }
}
