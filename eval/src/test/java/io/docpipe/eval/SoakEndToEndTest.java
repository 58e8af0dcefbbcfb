package io.docpipe.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make soak} end to end at a tiny size: 60 SciFact documents as jobs through its own local stack with 10% of
 * stage invocations crashing mid-batch, two searchers running throughout (a quarter second apart, so they leave the 2 cores to the pipeline), and the embedding server answering 503 for
 * 20 seconds once a third of the jobs have ended. The circuit breaker's open time and the scanner's interval are
 * shortened through the stack's environment, and the queues' visibility timeout so a crashed batch comes back in
 * seconds. The report must say every check passed, and carry the numbers the README quotes.
 */
class SoakEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("docpipe.repo.root", "..")).toAbsolutePath().normalize();

  @TempDir Path work;

  @Test
  void sixtyJobs_crashesSearchesAndAnOutage_nothingLostNothingDoubled() throws Exception {
    Map<String, String> env = Map.ofEntries(
        Map.entry("SOAK_JOBS", "60"),
        Map.entry("SOAK_SEARCHERS", "2"),
        Map.entry("SOAK_SEARCH_PAUSE_MS", "250"),
        Map.entry("SOAK_CRASH_PERCENT", "10"),
        Map.entry("SOAK_OUTAGE_SECONDS", "20"),
        Map.entry("SOAK_OUTAGE_AFTER_FRACTION", "0.3"),
        Map.entry("SOAK_IN_FLIGHT", "60"),
        Map.entry("SOAK_VISIBILITY_TIMEOUT_SECONDS", "10"),
        Map.entry("SOAK_SCANNER_INTERVAL_SECONDS", "2"),
        Map.entry("SOAK_TIMEOUT_MINUTES", "15"),
        Map.entry("BREAKER_OPEN_SECONDS", "2"),
        Map.entry("SOAK_OUT", work.resolve("soak/report.json").toString()),
        Map.entry("SOAK_STATE_DIR", work.resolve("stack").toString()));
    SoakOptions options = SoakOptions.fromEnv(env, REPO);
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    SoakReport report = new Soak(options, new PrintStream(console, true, StandardCharsets.UTF_8), false).run();
    report.write(options.out());
    System.out.print(console.toString(StandardCharsets.UTF_8));
    System.out.print(report.summary());

    JsonNode json = Json.read(Files.readAllBytes(options.out()), JsonNode.class);
    assertThat(json.get("checks")).extracting(c -> c.get("name").asText() + ": " + c.get("detail").asText())
        .hasSize(5);
    for (JsonNode check : json.get("checks")) {
      assertThat(check.get("passed").asBoolean()).as(check.get("name").asText() + ": " + check.get("detail").asText()).isTrue();
    }
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.at("/ingestion/done").asInt()).isEqualTo(60);
    assertThat(json.at("/ingestion/jobs_per_minute").asDouble()).isPositive();
    assertThat(json.at("/verification/stored_rows").asLong()).as("rows stored").isPositive()
        .isEqualTo(json.at("/verification/expected_rows").asLong());
    long crashes = 0;
    for (String f : new String[] {"scraper", "chunker", "embedder"}) crashes += json.at("/faults/" + f + "/crashes").asLong();
    assertThat(crashes).as("invocations crashed").isPositive();
    assertThat(json.at("/outage/requests_refused_503").asLong()).as("the outage refused the embedder").isPositive();
    assertThat(json.at("/outage/lasted_seconds").asDouble()).isGreaterThanOrEqualTo(20);
    assertThat(json.at("/search_during_ingestion/ok").asInt()).as("searches answered during ingestion").isPositive();
    assertThat(json.at("/search_during_ingestion/p99_ms").asDouble())
        .isGreaterThanOrEqualTo(json.at("/search_during_ingestion/p50_ms").asDouble());
    assertThat(json.at("/queues/largest_queue_age_seconds").isNumber()).isTrue();
    assertThat(json.at("/scanner/requeues").isNumber()).isTrue();
    assertThat(report.summary()).contains("Soak PASSED", "jobs/min", "p99", "largest queue age", "scanner requeues");
  }
}
