package io.docpipe.shared.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import io.docpipe.shared.telemetry.SpanAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The request rules every HTTP function shares (shared/lambda; tested here, where the api uses them): JSON bodies,
 * request ids and callers. Valid inputs pass; each kind of invalid one gets its status and field.
 */
class HttpRequestRulesPropertiesTest {

  @Property
  void flatJsonObjects_withTheJsonMediaType_areRead(@ForAll("objects") String json, @ForAll("jsonMediaTypes") String type) {
    JsonBodies.Result result = JsonBodies.readObject(event(type, json, false));

    assertThat(result.ok()).as(json).isTrue();
    assertThat(result.body()).isEqualTo(Json.read(json, JsonNode.class));
  }

  @Property
  void base64Bodies_areReadTheSame(@ForAll("objects") String json) {
    String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));

    assertThat(JsonBodies.readObject(event("application/json", encoded, true)).body()).isEqualTo(Json.read(json, JsonNode.class));
  }

  @Property
  void otherMediaTypes_are415(@ForAll("otherMediaTypes") String type) {
    assertProblem(JsonBodies.readObject(event(type, "{}", false)), 415, "Content-Type");
  }

  @Property
  void jsonThatIsNotAnObject_is400(@ForAll("notObjects") String json) {
    assertProblem(JsonBodies.readObject(event("application/json", json, false)), 400, null);
  }

  @Property
  void nestingBeyondTheLimit_is400(@ForAll @IntRange(min = JsonBodies.MAX_DEPTH, max = 5000) int depth) {
    String json = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

    assertProblem(JsonBodies.readObject(event("application/json", json, false)), 400, null);
  }

  @Property
  void bodiesOver64KiB_are413(@ForAll @IntRange(min = 1, max = 200_000) int extra, @ForAll boolean base64) {
    String json = "{\"pad\":\"" + "x".repeat(JsonBodies.MAX_BODY_BYTES - 9 + extra) + "\"}";
    String body = base64 ? Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) : json;

    assertProblem(JsonBodies.readObject(event("application/json", body, base64)), 413, null);
  }

  @Property
  void multiByteCharacters_countAsTheirUtf8Bytes(@ForAll @IntRange(min = 21_846, max = 40_000) int euros) {
    // 3 bytes each: 21,846 of them are over 64 KiB though far fewer characters.
    assertProblem(JsonBodies.readObject(event("application/json", "{\"q\":\"" + "\u20ac".repeat(euros) + "\"}", false)), 413, null);
  }

  @Property
  void malformedUtf8_is400(@ForAll("malformedUtf8") byte[] bytes) {
    String encoded = Base64.getEncoder().encodeToString(bytes);

    assertProblem(JsonBodies.readObject(event("application/json", encoded, true)), 400, null);
  }

  @Property
  void duplicateKeysOrTrailingContent_are400(@ForAll @StringLength(min = 1, max = 10) @net.jqwik.api.constraints.AlphaChars String key,
      @ForAll @net.jqwik.api.constraints.AlphaChars String tail) {
    assertProblem(JsonBodies.readObject(event("application/json", "{\"" + key + "\":1,\"" + key + "\":2}", false)), 400, null);
    assertProblem(JsonBodies.readObject(event("application/json", "{} x" + tail, false)), 400, null);
  }

  @Property
  void validRequestIds_areKept(@ForAll @StringLength(min = 1, max = 128) @net.jqwik.api.constraints.Chars(
      {'a', 'Z', '0', '9', '.', '_', '-'}) @net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.NumericChars String id) {
    APIGatewayV2HTTPEvent event = event("application/json", "{}", false);
    event.getHeaders().put("x-request-id", id);

    assertThat(HttpRequests.header(RequestIds.sanitized(event), RequestIds.HEADER)).isEqualTo(id);
  }

  @Property
  void invalidRequestIds_areReplacedWithAGeneratedOne(@ForAll("invalidRequestIds") String id) {
    APIGatewayV2HTTPEvent event = event("application/json", "{}", false);
    event.getHeaders().put("X-Request-ID", id);

    String sanitized = HttpRequests.header(RequestIds.sanitized(event), RequestIds.HEADER);
    assertThat(sanitized).isNotEqualTo(id).matches("[0-9a-f-]{36}");
    assertThat(event.getHeaders().keySet().stream().filter(k -> k.equalsIgnoreCase(RequestIds.HEADER))).hasSize(1);
  }

  @Property
  void aSubject_isTheCaller(@ForAll @StringLength(min = 1, max = 256) @net.jqwik.api.constraints.CharRange(from = '!', to = '~')
      String sub) {
    Optional<Caller> caller = Caller.of(withClaims(Map.of("sub", sub)));

    assertThat(caller).contains(new Caller(sub, sub.equals(Caller.LOCAL_ANONYMOUS) ? "unknown" : SpanAttributes.CALLER_USER));
  }

  @Property
  void noUsableSubject_isNoCaller(@ForAll("unusableSubjects") Map<String, String> claims) {
    assertThat(Caller.of(withClaims(claims))).isEmpty();
    assertThat(Caller.of(event("application/json", "{}", false))).isEmpty();
  }

  @Property
  void clientCredentialTokens_areServices(@ForAll @StringLength(min = 1, max = 64) @net.jqwik.api.constraints.AlphaChars String client) {
    assertThat(Caller.of(withClaims(Map.of("sub", client + "@clients", "gty", "client-credentials"))).orElseThrow().type())
        .isEqualTo(SpanAttributes.CALLER_SERVICE);
    assertThat(Caller.of(withClaims(Map.of("sub", client, "client_id", client))).orElseThrow().type())
        .isEqualTo(SpanAttributes.CALLER_SERVICE);
    assertThat(Caller.of(withClaims(Map.of("sub", Caller.LOCAL_ANONYMOUS))).orElseThrow().type())
        .isEqualTo(SpanAttributes.CALLER_UNKNOWN);
  }

  // ---- generators ----

  @Provide
  Arbitrary<String> objects() {
    Arbitrary<String> key = Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(Json::write),
        Arbitraries.integers().map(String::valueOf), Arbitraries.of("true", "false", "null", "[]", "{}", "[1,[2,{\"x\":3}]]"));
    return Arbitraries.maps(key, value).ofMaxSize(8).map(m -> {
      StringBuilder b = new StringBuilder("{");
      m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      return b.append('}').toString();
    });
  }

  @Provide
  Arbitrary<String> jsonMediaTypes() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
        "application/json ; charset=\"utf-8\"", "application/json; charset=utf-8; profile=x");
  }

  @Provide
  Arbitrary<String> otherMediaTypes() {
    return Arbitraries.oneOf(
        Arbitraries.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/xml", "application/json-patch+json", "application/jsonx", "application/json; charset=latin1",
            "application/json; charset=utf-16", "application/json;", "application/json,text/plain", "", " ", "*/*",
            "application/json\u0000", "application/json; charset"),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "text/" + s));
  }

  @Provide
  Arbitrary<String> notObjects() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "null", "[]", "[{}]", "\"{}\"", "1", "-0.5e10", "true", "false", "{", "}", "{\"a\"}",
            "{'a':1}", "{a:1}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":NaN}", "\u0000{}", "/*x*/{}", "{\"a\":\"\u0001\"}"),
        Arbitraries.strings().withChars("[]{}\":,0123456789tfnul ").ofMaxLength(30)
            .filter(s -> !isObject(s)));
  }

  @Provide
  Arbitrary<byte[]> malformedUtf8() {
    return Arbitraries.of(
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},          // overlong '/'
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE0, (byte) 0x80, (byte) 0xAE, '"', '}'}, // overlong '.'
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},                      // never valid
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // encoded surrogate
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'});        // truncated sequence
  }

  @Provide
  Arbitrary<String> invalidRequestIds() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "a b", "a\r\nX-Injected: 1", "<script>", "id\u0000", "\u202eid", "../../etc", "a/b",
            "x".repeat(129), "caf\u00e9"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !RequestIds.isValid(s)));
  }

  @Provide
  Arbitrary<Map<String, String>> unusableSubjects() {
    return Arbitraries.of(Map.of(), Map.of("sub", ""), Map.of("sub", "   "), Map.of("sub", "x".repeat(257)),
        Map.of("sub", "a\nb"), Map.of("sub", "\u0000"), Map.of("aud", "docpipe"));
  }

  private static boolean isObject(String json) {
    try {
      return Json.read(json, JsonNode.class).isObject();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void assertProblem(JsonBodies.Result result, int status, String field) {
    assertThat(result.ok()).isFalse();
    APIGatewayV2HTTPResponse problem = result.problem();
    assertThat(problem.getStatusCode()).isEqualTo(status);
    assertThat(problem.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    JsonNode body = Json.read(problem.getBody(), JsonNode.class);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("field").asText(null)).isEqualTo(field);
  }

  private static APIGatewayV2HTTPEvent event(String contentType, String body, boolean base64) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", contentType);
    event.setHeaders(headers);
    event.setBody(body);
    event.setIsBase64Encoded(base64);
    return event;
  }

  private static APIGatewayV2HTTPEvent withClaims(Map<String, String> claims) {
    APIGatewayV2HTTPEvent event = event("application/json", "{}", false);
    var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
    jwt.setClaims(claims);
    var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
    authorizer.setJwt(jwt);
    var context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setAuthorizer(authorizer);
    event.setRequestContext(context);
    return event;
  }
}
