package io.docpipe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A client of docpipe's public HTTP API, as any user's would be: bearer token when given, and the back-off the API
 * asks for (429 and 503 are waited out for their {@code Retry-After}, up to {@link #MAX_WAITS} times a request).
 */
final class ApiClient {
  private static final int MAX_WAITS = 30;

  record Reply(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String token;

  ApiClient(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  String base() {
    return base;
  }

  Reply post(String path, Object body) {
    return send(request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))));
  }

  /**
   * One POST, answered as it comes: no waiting out a 429 or 503, so a caller that measures each request (the soak's
   * searchers) sees the refusal and its latency. Transport errors still throw.
   */
  HttpResponse<String> postOnce(String path, Object body) {
    HttpRequest request = request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  /** A GET of text (a local endpoint such as {@code /_local/metrics}); null when it does not answer 200. */
  String getText(String path) {
    try {
      HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) b.header("authorization", "Bearer " + token);
    return b;
  }

  private Reply send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      for (int wait = 0; ; wait++) {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if ((r.statusCode() == 429 || r.statusCode() == 503) && wait < MAX_WAITS) {
          long seconds = r.headers().firstValue("retry-after").map(ApiClient::seconds).orElse(1L);
          Thread.sleep(Duration.ofSeconds(Math.min(60, Math.max(1, seconds))));
          continue;
        }
        String body = r.body();
        return new Reply(r.statusCode(), body == null || body.isEmpty() ? null : Json.read(body, JsonNode.class));
      }
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long seconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** What a failed reply says, for an error message: its problem detail, never more than a line. */
  static String describe(Reply reply) {
    JsonNode b = reply.body();
    String detail = b == null ? "" : b.path("detail").asText(b.path("title").asText(""));
    return reply.status() + (detail.isEmpty() ? "" : " " + detail);
  }

  static Map<String, Object> job(String url, String corpus) {
    return Map.of("url", url, "corpus_name", corpus);
  }
}
