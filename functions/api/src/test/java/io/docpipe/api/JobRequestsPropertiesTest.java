package io.docpipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docpipe.shared.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The submission validators: every valid input is accepted, every kind of invalid one refused with its field. */
class JobRequestsPropertiesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property
  void validSubmissions_areAccepted(@ForAll("urls") String url, @ForAll("corpusNames") String corpus) {
    JobRequests.Parsed parsed = JobRequests.parse(body(url, corpus));

    assertThat(parsed.problem()).isNull();
    assertThat(parsed.submission()).isEqualTo(new JobRequests.Submission(url, corpus));
  }

  @Property
  void aUrlWithANonAsciiOrControlCharacter_isRefused(@ForAll("urls") String url, @ForAll("nonAsciiOrControl") char bad,
      @ForAll @IntRange(min = 0, max = 2047) int at) {
    int i = Math.min(at, url.length());
    String hostile = url.substring(0, i) + bad + url.substring(i);

    assertThat(fieldAtFault(body(hostile, "docs"))).isEqualTo("url");
  }

  @Property
  void aUrlWithAnotherScheme_isRefused(@ForAll("urls") String url, @ForAll("otherSchemes") String scheme) {
    String other = scheme + url.substring(url.indexOf(':'));

    assertThat(fieldAtFault(body(other, "docs"))).isEqualTo("url");
  }

  @Property
  void aUrlOverTheLimit_isRefused(@ForAll("urls") String url, @ForAll @IntRange(min = 1, max = 5000) int extra) {
    String padded = url + "/" + "a".repeat(Math.max(extra, JobRequests.MAX_URL_LENGTH - url.length()));

    assertThat(JobRequests.urlProblem(padded)).contains("2048");
    assertThat(fieldAtFault(body(padded, "docs"))).isEqualTo("url");
  }

  @Property
  void aUrlOfAnotherJsonType_isRefused(@ForAll("notStrings") JsonNode url) {
    ObjectNode body = NODES.objectNode().put("corpus_name", "docs");
    body.set("url", url);

    assertThat(fieldAtFault(body)).isEqualTo("url");
  }

  @Property
  void anInvalidCorpusName_isRefused(@ForAll("urls") String url, @ForAll("invalidCorpusNames") String corpus) {
    assertThat(fieldAtFault(body(url, corpus))).isEqualTo("corpus_name");
  }

  @Property
  void aCorpusNameOfAnotherJsonType_isRefused(@ForAll("urls") String url, @ForAll("notStrings") JsonNode corpus) {
    ObjectNode body = NODES.objectNode().put("url", url);
    body.set("corpus_name", corpus);

    assertThat(fieldAtFault(body)).isEqualTo("corpus_name");
  }

  @Property
  void printableAsciiKeysUpTo255_areAccepted(@ForAll @StringLength(min = 1, max = 255) @net.jqwik.api.constraints.CharRange(
      from = ' ', to = '~') String key) {
    assertThat(IdempotencyKeys.problem(key)).isNull();
    assertThat(IdempotencyKeys.sha256(key)).hasSize(64).isEqualTo(IdempotencyKeys.sha256(key));
  }

  @Property
  void keysWithOtherCharactersOrTooLong_areRefused(@ForAll @StringLength(min = 1, max = 100) @net.jqwik.api.constraints.CharRange(
      from = ' ', to = '~') String key, @ForAll("notPrintableAscii") char bad) {
    assertThat(IdempotencyKeys.problem(key + bad)).isNotNull();
    assertThat(IdempotencyKeys.problem(key.repeat(256 / key.length() + 1))).isNotNull();
    assertThat(IdempotencyKeys.problem("")).isNotNull();
  }

  @Property
  void fingerprints_tellRequestsApart(@ForAll("urls") String url, @ForAll("corpusNames") String a,
      @ForAll("corpusNames") String b) {
    var first = new JobRequests.Submission(url, a);
    var second = new JobRequests.Submission(url, b);

    assertThat(first.fingerprint()).isEqualTo(new JobRequests.Submission(url, a).fingerprint());
    assertThat(first.fingerprint().equals(second.fingerprint())).isEqualTo(a.equals(b));
  }

  // ---- generators ----

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> host = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l) + ".example");
    Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p).injectNull(0.7)
        .map(p -> p == null ? "" : p);
    Arbitrary<String> path = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%20")
        .ofMaxLength(300).map(p -> p.replace("%", "%25"));
    Arbitrary<String> query = Arbitraries.strings().withChars("abc123=&-_").ofMaxLength(50).map(q -> q.isEmpty() ? "" : "?" + q);
    return Combinators.combine(Arbitraries.of("http", "https", "HTTPS"), host, port, path, query)
        .as((scheme, h, p, pa, q) -> scheme + "://" + h + p + "/" + pa + q);
  }

  @Provide
  Arbitrary<String> corpusNames() {
    Arbitrary<Character> first = Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz0123456789".toCharArray());
    Arbitrary<String> rest = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-").ofMaxLength(62);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  @Provide
  Arbitrary<String> invalidCorpusNames() {
    return Arbitraries.oneOf(
        corpusNames().map(String::toUpperCase).filter(s -> !s.equals(s.toLowerCase())),          // upper case
        corpusNames().map(s -> "-" + s), corpusNames().map(s -> "_" + s),                        // bad first character
        corpusNames().map(s -> s + "a".repeat(64)),                                              // too long
        Combinators.combine(corpusNames(), Arbitraries.chars().with("./\\ '\";%#?\u0000\u202e\u0430".toCharArray()))
            .as((s, c) -> s + c),                                                                // other characters
        Arbitraries.just(""));
  }

  @Provide
  Arbitrary<Character> nonAsciiOrControl() {
    return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u0020'), Arbitraries.just('\u007f'),
        Arbitraries.chars().range('\u0080', '\uffff').filter(c -> !Character.isSurrogate(c)),
        Arbitraries.of('\u202e', '\u200f', '\u0430', '\uff0f', '\ufeff'));
  }

  @Provide
  Arbitrary<Character> notPrintableAscii() {
    return nonAsciiOrControl().filter(c -> c != ' ');
  }

  @Provide
  Arbitrary<String> otherSchemes() {
    return Arbitraries.oneOf(Arbitraries.of("ftp", "file", "javascript", "data", "gopher", "ws", "wss", "jar"),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8))
        .filter(s -> !s.equalsIgnoreCase("http") && !s.equalsIgnoreCase("https"));
  }

  @Provide
  Arbitrary<JsonNode> notStrings() {
    return Arbitraries.oneOf(
        Arbitraries.just(NODES.nullNode()), Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.integers().map(NODES::numberNode), Arbitraries.doubles().map(NODES::numberNode),
        urls().map(u -> NODES.arrayNode().add(u)), urls().map(u -> NODES.objectNode().put("href", u)));
  }

  private static ObjectNode body(String url, String corpus) {
    return NODES.objectNode().put("url", url).put("corpus_name", corpus);
  }

  private static String fieldAtFault(JsonNode body) {
    APIGatewayV2HTTPResponse problem = JobRequests.parse(body).problem();
    assertThat(problem).as("a problem for %s", body).isNotNull();
    assertThat(problem.getStatusCode()).isEqualTo(400);
    return Json.read(problem.getBody(), JsonNode.class).path("field").asText(null);
  }
}
