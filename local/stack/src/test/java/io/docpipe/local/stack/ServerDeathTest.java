package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the stack's PostgreSQL dies under it, the stack says so and refuses new jobs instead of losing them. */
class ServerDeathTest {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalStack stack;

  @AfterEach
  void stop() {
    if (stack != null) stack.close();
  }

  @Test
  void postmasterKilled_postJobsIs503WithRetryAfter_searchIs503_notA500() throws Exception {
    Path state = Files.createDirectories(Path.of("target", "server-death-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of()));
    assertThat(post("/jobs", "{\"url\":\"https://example.com/a\",\"corpus_name\":\"death\"}").statusCode())
        .as("accepted while PostgreSQL runs").isEqualTo(202);

    long pid = Long.parseLong(Files.readAllLines(state.resolve("pg").resolve("postmaster.pid")).get(0).trim());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    postmaster.destroyForcibly();
    Await.until("the stack to notice", WAIT, () -> stack.serverDeath().isDone(), done -> done);

    HttpResponse<String> submit = post("/jobs", "{\"url\":\"https://example.com/b\",\"corpus_name\":\"death\"}");
    assertThat(submit.statusCode()).isEqualTo(503);
    assertThat(submit.headers().firstValue("Retry-After")).isPresent();
    assertThat(submit.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(stack.serverDeath().getNow("")).startsWith("PostgreSQL");
    HttpResponse<String> search = post("/corpora/death/search", "{\"query\":\"anything\",\"mode\":\"keyword\"}");
    assertThat(search.statusCode()).as(search.body()).isEqualTo(503);
    assertThat(search.headers().firstValue("Retry-After")).isPresent();
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
