package io.docpipe.shared.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@link EmbeddingClient} for an OpenAI-compatible {@code /v1/embeddings} endpoint (TEI, vLLM, the local server). */
public final class OpenAiEmbeddingClient implements EmbeddingClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final EmbeddingConfig config;
  private final URI endpoint;
  private final HttpClient http;

  public OpenAiEmbeddingClient(EmbeddingConfig config) {
    this.config = config;
    String base = config.baseUrl().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/embeddings");
    this.http = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT.compareTo(config.timeout()) < 0 ? CONNECT_TIMEOUT : config.timeout())
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  @Override
  public String model() {
    return config.model();
  }

  @Override
  public Embeddings embed(List<String> inputs) {
    if (inputs.isEmpty()) return new Embeddings(List.of(), config.model(), 0);
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(Map.of("model", config.model(), "input", inputs))))
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 0, "inference server unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 0, "interrupted while waiting for the inference server", e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new EmbeddingFailure(EmbeddingFailure.classify(status), status,
          "inference server answered " + status + ": " + body.substring(0, Math.min(body.length(), 300)), null);
    }
    return parse(response.body(), inputs.size());
  }

  private Embeddings parse(byte[] body, int expected) {
    JsonNode root;
    try {
      root = Json.read(body, JsonNode.class);
    } catch (RuntimeException e) {
      throw new EmbeddingFailure(EmbeddingFailure.Kind.PERMANENT, 200, "inference server answered malformed JSON", e);
    }
    JsonNode data = root.path("data");
    if (!data.isArray() || data.size() != expected) {
      throw new EmbeddingFailure(EmbeddingFailure.Kind.PERMANENT, 200,
          "inference server returned " + data.size() + " embeddings for " + expected + " inputs", null);
    }
    float[][] ordered = new float[expected][];
    for (JsonNode item : data) {
      int index = item.path("index").asInt(-1);
      JsonNode values = item.path("embedding");
      if (index < 0 || index >= expected || !values.isArray()) {
        throw new EmbeddingFailure(EmbeddingFailure.Kind.PERMANENT, 200, "inference server returned a malformed embedding", null);
      }
      if (values.size() != config.dimension()) {
        throw new EmbeddingFailure(EmbeddingFailure.Kind.PERMANENT, 200, "model returns " + values.size()
            + "-dimensional vectors but EMBEDDING_DIMENSION is " + config.dimension(), null);
      }
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) vector[i] = (float) values.get(i).asDouble();
      ordered[index] = vector;
    }
    String model = root.path("model").asText(config.model());
    return new Embeddings(new ArrayList<>(Arrays.asList(ordered)), model, root.path("usage").path("prompt_tokens").asInt(0));
  }
}
