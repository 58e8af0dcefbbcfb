package io.docpipe.local.servers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** OpenAI's response shapes, streamed out with Jackson's generator: 32 x 384 floats need no object tree. */
final class EmbeddingResponses {
  private static final JsonFactory JSON = new JsonFactory();

  private EmbeddingResponses() {}

  static byte[] embeddings(float[][] vectors, int promptTokens, boolean base64) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("object", "list");
      json.writeArrayFieldStart("data");
      for (int i = 0; i < vectors.length; i++) {
        json.writeStartObject();
        json.writeStringField("object", "embedding");
        json.writeNumberField("index", i);
        json.writeFieldName("embedding");
        if (base64) {
          json.writeString(base64(vectors[i]));
        } else {
          json.writeStartArray();
          for (float v : vectors[i]) json.writeNumber(v);
          json.writeEndArray();
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("model", BgeEmbedder.MODEL);
      json.writeObjectFieldStart("usage");
      json.writeNumberField("prompt_tokens", promptTokens);
      json.writeNumberField("total_tokens", promptTokens);
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  static byte[] models() {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("object", "list");
      json.writeArrayFieldStart("data");
      json.writeStartObject();
      json.writeStringField("id", BgeEmbedder.MODEL);
      json.writeStringField("object", "model");
      json.writeNumberField("created", 0);
      json.writeStringField("owned_by", "docpipe-local");
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static byte[] health() {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("status", "ok");
      json.writeEndObject();
    });
  }

  static byte[] error(ApiError error) {
    return write(json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("message", error.getMessage());
      json.writeStringField("type", error.type());
      json.writeNullField("param");
      json.writeNullField("code");
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  /** OpenAI's base64 form: the float32 values, little-endian, base64-encoded. */
  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static byte[] write(JsonBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a response", e);
    }
    return out.toByteArray();
  }

  @FunctionalInterface
  private interface JsonBody {
    void writeTo(JsonGenerator json) throws IOException;
  }
}
