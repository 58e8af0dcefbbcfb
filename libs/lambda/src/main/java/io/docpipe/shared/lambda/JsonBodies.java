package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The body of a JSON request, read as hostile input: {@code application/json} only (415), at most 64 KiB (413), strict
 * UTF-8, one JSON object with no duplicate keys, no trailing content and at most {@value #MAX_DEPTH} levels of nesting
 * (400). Problems never echo the parser's message, so no input or class name travels back to the client.
 */
public final class JsonBodies {
  public static final int MAX_BODY_BYTES = 64 * 1024;
  public static final int MAX_DEPTH = 16;

  private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonBodies() {}

  /** A body read as a JSON object, or the problem to answer instead: exactly one of the two is set. */
  public record Result(JsonNode body, APIGatewayV2HTTPResponse problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  public static Result readObject(APIGatewayV2HTTPEvent event) {
    if (!isJson(HttpRequests.header(event, "Content-Type"))) {
      return failed(HttpResponses.problem(415, "unsupported-media-type", "Unsupported Media Type",
          "the body must be application/json in UTF-8", "Content-Type"));
    }
    String raw = event.getBody();
    if (raw == null || raw.isEmpty()) return invalid("the body must be a JSON object");
    String text;
    if (event.getIsBase64Encoded()) {
      if (raw.length() > (MAX_BODY_BYTES + 2) / 3 * 4 + 4) return tooLarge();
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(raw);
      } catch (IllegalArgumentException e) {
        return invalid("the body must be a JSON object");
      }
      if (bytes.length > MAX_BODY_BYTES) return tooLarge();
      text = strictUtf8(bytes);
      if (text == null) return invalid("the body is not valid UTF-8");
    } else {
      // A character is at least one byte, so a long string needs no encoding to be refused.
      if (raw.length() > MAX_BODY_BYTES || utf8Length(raw) > MAX_BODY_BYTES) return tooLarge();
      text = raw;
    }
    JsonNode node;
    try {
      node = STRICT.readTree(text);
    } catch (IOException | RuntimeException e) {
      return invalid("the body must be one JSON object (no duplicate keys, at most " + MAX_DEPTH + " levels deep)");
    }
    if (node == null || !node.isObject()) return invalid("the body must be a JSON object");
    return new Result(node, null);
  }

  /** {@code application/json}, with parameters allowed; a charset other than UTF-8 is not. */
  static boolean isJson(String contentType) {
    if (contentType == null) return false;
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json")) return false;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      if (eq <= 0) return false;
      String name = parameter.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = parameter.substring(eq + 1).strip().replace("\"", "");
      if (name.equals("charset") && !value.equalsIgnoreCase("utf-8")) return false;
    }
    return true;
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private static Result tooLarge() {
    return failed(HttpResponses.problem(413, "body-too-large", "Content Too Large",
        "the body must be at most " + MAX_BODY_BYTES + " bytes", null));
  }

  private static Result invalid(String detail) {
    return failed(HttpResponses.problem(400, "invalid-body", "Invalid body", detail, null));
  }

  private static Result failed(APIGatewayV2HTTPResponse problem) {
    return new Result(null, problem);
  }
}
