package io.docpipe.local.servers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/embeddings} as OpenAI defines it, restricted to what this server does: text inputs
 * (a string or a list of strings) and float or base64 encoding. {@code model} is accepted and ignored, since the
 * pipeline names its production model (bge-large) and gets bge-small here.
 */
record EmbeddingRequest(List<String> inputs, boolean base64) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static EmbeddingRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw ApiError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("request body is unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw ApiError.unprocessable("request body must be a JSON object");
    return new EmbeddingRequest(inputs(root.get("input")), base64(root.get("encoding_format")));
  }

  private static List<String> inputs(JsonNode input) {
    if (input == null || input.isNull()) throw ApiError.unprocessable("'input' is required");
    if (input.isTextual()) return List.of(input.textValue());
    if (!input.isArray()) throw ApiError.unprocessable("'input' must be a string or an array of strings");
    if (input.isEmpty()) throw ApiError.unprocessable("'input' must not be empty");
    List<String> texts = new ArrayList<>(input.size());
    for (JsonNode item : input) {
      if (!item.isTextual()) {
        throw ApiError.unprocessable("'input' must hold strings only; token arrays are not supported here");
      }
      texts.add(item.textValue());
    }
    return texts;
  }

  private static boolean base64(JsonNode format) {
    if (format == null || format.isNull() || "float".equals(format.asText())) return false;
    if ("base64".equals(format.asText())) return true;
    throw ApiError.unprocessable("'encoding_format' must be 'float' or 'base64', was " + format);
  }
}
