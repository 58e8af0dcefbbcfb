package io.docpipe.shared.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@link EmbeddingClient} for an OpenAI-compatible {@code /v1/embeddings} endpoint (TEI, vLLM, the local server). */
public final class OpenAiEmbeddingClient implements EmbeddingClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration MIN_TIMEOUT = Duration.ofMillis(250);

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
  public Embeddings embed(List<String> inputs, Invocation invocation) {
    if (inputs.isEmpty()) return new Embeddings(List.of(), config.model(), 0);
    Duration timeout = timeout(invocation);
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        // base64: each vector arrives as its float32 bytes instead of ~10 characters a number, about a quarter of the
        // body for the server to write and for us to parse. A server that ignores the field answers floats; both read.
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(
            Map.of("model", config.model(), "input", inputs, "encoding_format", "base64"))))
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
      throw new EmbeddingFailure(EmbeddingFailure.classify(status), status, retryAfter(response),
          "inference server answered " + status + ": " + body.substring(0, Math.min(body.length(), 300)), null);
    }
    return parse(response.body(), inputs.size());
  }

  /**
   * EMBEDDING_TIMEOUT_MS, cut to what the invocation has left so a slow answer never outlives the function; with
   * less than {@link #MIN_TIMEOUT} left the request is not sent at all.
   */
  private Duration timeout(Invocation invocation) {
    long remaining = invocation.remainingMillis();
    if (remaining < MIN_TIMEOUT.toMillis()) {
      throw new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 0, Duration.ZERO,
          "not enough invocation time left for an inference request (" + remaining + " ms)", null);
    }
    return remaining < config.timeout().toMillis() ? Duration.ofMillis(remaining) : config.timeout();
  }

  /** The {@code Retry-After} header in seconds (TEI and vLLM send seconds; an HTTP date is read too), or null. */
  static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").map(OpenAiEmbeddingClient::parseRetryAfter).orElse(null);
  }

  static Duration parseRetryAfter(String value) {
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
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
      float[] vector = index < 0 || index >= expected ? null : vector(item.path("embedding"));
      if (vector == null) {
        throw new EmbeddingFailure(EmbeddingFailure.Kind.PERMANENT, 200, "inference server returned a malformed embedding", null);
      }
      if (vector.length != config.dimension()) {
        throw new EmbeddingFailure(EmbeddingFailure.Kind.PERMANENT, 200, "model returns " + vector.length
            + "-dimensional vectors but EMBEDDING_DIMENSION is " + config.dimension(), null);
      }
      ordered[index] = vector;
    }
    String model = root.path("model").asText(config.model());
    return new Embeddings(new ArrayList<>(Arrays.asList(ordered)), model, root.path("usage").path("prompt_tokens").asInt(0));
  }

  /** An embedding as OpenAI encodes it: an array of numbers, or base64 of little-endian float32s; null if neither. */
  static float[] vector(JsonNode embedding) {
    if (embedding.isArray()) {
      float[] vector = new float[embedding.size()];
      for (int i = 0; i < vector.length; i++) {
        if (!embedding.get(i).isNumber()) return null;
        vector[i] = (float) embedding.get(i).asDouble();
      }
      return vector;
    }
    if (!embedding.isTextual()) return null;
    byte[] bytes;
    try {
      bytes = java.util.Base64.getDecoder().decode(embedding.textValue());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length % Float.BYTES != 0) return null;
    float[] vector = new float[bytes.length / Float.BYTES];
    java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
