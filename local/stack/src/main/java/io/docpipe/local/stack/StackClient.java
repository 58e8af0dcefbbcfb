package io.docpipe.local.stack;

import io.docpipe.local.servers.Await;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of the local stack's HTTP API, as curl would use it: for the tests and the dashboards run. */
final class StackClient {
  record Reply(int status, String contentType, JsonNode body) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  StackClient(String base) {
    this.base = base;
  }

  Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  String getText(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  String submit(String url, String corpus) {
    Reply reply = post("/jobs", "{\"url\":\"" + url + "\",\"corpus_name\":\"" + corpus + "\"}");
    if (reply.status() != 202) throw new IllegalStateException("POST /jobs answered " + reply.status() + ": " + reply.body());
    return reply.body().get("job_id").asText();
  }

  JsonNode job(String jobId) {
    return get("/jobs/" + jobId).body();
  }

  JsonNode awaitEnded(String jobId, Duration timeout) {
    return Await.until("job " + jobId + " to end", timeout, () -> job(jobId),
        j -> j != null && ("done".equals(j.path("status").asText()) || "failed".equals(j.path("status").asText())));
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
          body == null || body.isEmpty() ? null : Json.read(body, JsonNode.class));
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
