package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.Await;
import io.docpipe.shared.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's "Try it" block, run as written against a fresh local stack: every {@code curl} line is sent (with the
 * stack's port for 3000, and {@code <job_id>} / {@code <trace_id>} taken from the answers before it), {@code make
 * samples} runs its script, and every {@code # ->} line must match what came back, {@code …} standing for any text.
 * So the README shows what the stack really prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesTest {
  private static final Path REPO = Path.of(System.getProperty("docpipe.repo.root", "../..")).toAbsolutePath().normalize();
  private static final Pattern CURL = Pattern.compile(
      "curl -s(?: -X (?<method>[A-Z]+))? (?<url>localhost:3000\\S*)(?<headers>(?: -H '[^']*')*)(?: -d '(?<body>[^']*)')?");

  private LocalStack stack;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> placeholders = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    stack = LocalStack.start(LocalStackOptions.forTests(
        // A fresh state each run: the README's corpus "samples" must hold only what this block puts in it.
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "readme-state"), Map.of()));
  }

  @AfterAll
  void stop() {
    if (stack != null) stack.close();
  }

  @Test
  void tryIt_printsWhatTheReadmeShows() throws Exception {
    List<String> steps = steps(tryItBlock());
    assertThat(steps).as("curl lines and make samples in README's Try it").hasSizeGreaterThanOrEqualTo(4);
    String lastBody = null;
    for (String step : steps) {
      if (step.startsWith("make samples")) {
        runSamplesScript();
      } else if (step.startsWith("make trace")) {
        String traceId = placeholders.get("<trace_id>");
        assertThat(send("GET", "localhost:3000/_local/traces/" + traceId + "/waterfall", null).statusCode()).isEqualTo(200);
      } else if (step.startsWith("# ->")) {
        String expected = step.substring("# ->".length()).strip();
        assertThat(lastBody).as("the answer README shows after the line before it").matches(pattern(expected));
      } else {
        lastBody = curl(step);
      }
    }
  }

  private String curl(String line) throws Exception {
    Matcher m = CURL.matcher(line);
    assertThat(m.find()).as("a curl line this test can send: " + line).isTrue();
    String method = m.group("method") == null ? "GET" : m.group("method");
    String url = substitute(m.group("url"));
    // The stack under test is not on 3000: page URLs inside a body point at it too.
    String body = m.group("body") == null ? null
        : substitute(m.group("body")).replace("localhost:3000", "localhost:" + port());
    HttpResponse<String> response = send(method, url, body);
    if (url.matches("localhost:3000/jobs/[^/]+")) {
      // The README shows the job once it has ended: poll as a user would.
      response = Await.until("job in the README to end", Duration.ofSeconds(120), () -> send("GET", url, null),
          r -> r.body().contains("\"status\":\"done\"") || r.body().contains("\"status\":\"failed\""));
      JsonNode job = Json.read(response.body(), JsonNode.class);
      placeholders.put("<trace_id>", job.path("trace_id").asText());
    }
    JsonNode json = Json.read(response.body(), JsonNode.class);
    if (json.has("job_id")) placeholders.put("<job_id>", json.get("job_id").asText());
    return response.body().replace("localhost:" + port(), "localhost:3000");
  }

  private HttpResponse<String> send(String method, String url, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + url.replace("localhost:3000", "localhost:" + port())))
          .timeout(Duration.ofSeconds(60));
      if (body != null) b.header("content-type", "application/json");
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + url + ": " + e, e);
    }
  }

  private void runSamplesScript() throws Exception {
    ProcessBuilder script = new ProcessBuilder("bash", REPO.resolve("scripts/ingest-samples.sh").toString())
        .inheritIO().directory(REPO.toFile());
    script.environment().put("DOCPIPE_URL", "http://localhost:" + port());
    assertThat(script.start().waitFor()).as("make samples (scripts/ingest-samples.sh)").isZero();
  }

  private String substitute(String text) {
    String out = text;
    for (Map.Entry<String, String> e : placeholders.entrySet()) out = out.replace(e.getKey(), e.getValue());
    return out;
  }

  private int port() {
    return URI.create(stack.baseUrl()).getPort();
  }

  /** {@code …} is any text; the rest is literal. */
  static String pattern(String expected) {
    StringBuilder regex = new StringBuilder();
    for (String literal : expected.split("…", -1)) {
      if (!regex.isEmpty()) regex.append(".*?");
      regex.append(Pattern.quote(literal));
    }
    return "(?s)" + regex;
  }

  private static String tryItBlock() throws Exception {
    String readme = Files.readString(REPO.resolve("README.md"));
    int heading = readme.indexOf("### Try it");
    int open = readme.indexOf("```", heading);
    int close = readme.indexOf("```", open + 3);
    return readme.substring(readme.indexOf('\n', open) + 1, close);
  }

  /** The block's steps: curl commands with their continuation lines joined, expected answers, make lines. */
  static List<String> steps(String block) {
    List<String> steps = new ArrayList<>();
    StringBuilder command = null;
    for (String raw : block.split("\n")) {
      String line = raw.strip();
      if (command != null) {
        command.append(' ').append(line.endsWith("\\") ? line.substring(0, line.length() - 1).strip() : line);
        if (!line.endsWith("\\")) {
          steps.add(command.toString());
          command = null;
        }
      } else if (line.startsWith("curl ")) {
        if (line.endsWith("\\")) {
          command = new StringBuilder(line.substring(0, line.length() - 1).strip());
        } else {
          steps.add(line);
        }
      } else if (line.startsWith("# ->")) {
        steps.add(line);
      } else if (line.startsWith("#   ") && !steps.isEmpty() && steps.getLast().startsWith("# ->")) {
        steps.set(steps.size() - 1, steps.getLast() + line.substring(1).strip()); // an answer wrapped onto more lines
      } else if (line.startsWith("make samples") || line.startsWith("make trace")) {
        steps.add(line);
      }
    }
    return steps;
  }
}
