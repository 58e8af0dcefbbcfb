package io.docpipe.shared.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** An embedding arrives as numbers or, as we ask for, base64 of little-endian float32s (OpenAI's encoding_format). */
class OpenAiEmbeddingVectorTest {

  @Test
  void vector_readsBothEncodingsToTheSameFloats() {
    float[] expected = {0.25f, -1.5f, 3.0e-7f, Float.MIN_VALUE};
    ByteBuffer bytes = ByteBuffer.allocate(expected.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : expected) bytes.putFloat(f);
    JsonNode base64 = Json.read("\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"", JsonNode.class);
    JsonNode numbers = Json.read("[0.25, -1.5, 3.0e-7, " + Float.MIN_VALUE + "]", JsonNode.class);

    assertThat(OpenAiEmbeddingClient.vector(base64)).containsExactly(expected);
    assertThat(OpenAiEmbeddingClient.vector(numbers)).containsExactly(expected);
  }

  @Test
  void vector_ofAnythingElse_isNull() {
    for (String bad : new String[] {"\"not base64!\"", "\"AAAA\"".replace("AAAA", "AAE="), "{}", "[1, \"x\"]", "7", "null"}) {
      assertThat(OpenAiEmbeddingClient.vector(Json.read(bad, JsonNode.class))).as(bad).isNull();
    }
  }
}
