package io.docpipe.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docpipe.local.servers.FaultyEmbeddingServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's own pieces: its settings, the documents it submits, the outage proxy, and the metrics it reads. */
class SoakPartsTest {
  @TempDir Path repo;

  @Test
  void defaults_areTheIssuesSoak_andEveryNumberIsSizeable() throws IOException {
    dataset(repo.resolve("../shared/data/scifact"));

    SoakOptions o = SoakOptions.fromEnv(Map.of(), repo);

    assertThat(o.jobs()).isEqualTo(5183);
    assertThat(o.searchers()).isEqualTo(10);
    assertThat(o.crashPercent()).isEqualTo(10);
    assertThat(o.outage()).isEqualTo(Duration.ofMinutes(10));
    assertThat(o.outageAfterFraction()).isEqualTo(0.3);
    assertThat(o.outageMode()).isEqualTo("unavailable");
    assertThat(o.out()).isEqualTo(repo.resolve("target/soak/report.json").toAbsolutePath().normalize());

    SoakOptions small = SoakOptions.fromEnv(Map.of("SOAK_JOBS", "60", "SOAK_SEARCHERS", "2", "SOAK_OUTAGE_MINUTES", "1.5",
        "SOAK_CRASH_PERCENT", "0", "BREAKER_OPEN_SECONDS", "2", "PATH", "/bin"), repo);
    assertThat(small.jobs()).isEqualTo(60);
    assertThat(small.outage()).isEqualTo(Duration.ofSeconds(90));
    assertThat(small.crashPercent()).isZero();
    assertThat(small.stackEnv()).as("tunable function variables pass through, nothing else").containsExactly(
        Map.entry("BREAKER_OPEN_SECONDS", "2"));
    assertThat(SoakOptions.fromEnv(Map.of("SOAK_OUTAGE_MINUTES", "5", "SOAK_OUTAGE_SECONDS", "20"), repo).outage())
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void badValues_failNamingTheVariable() throws IOException {
    dataset(repo.resolve("../shared/data/scifact"));

    assertThatThrownBy(() -> SoakOptions.fromEnv(Map.of("SOAK_JOBS", "0"), repo)).hasMessageContaining("SOAK_JOBS");
    assertThatThrownBy(() -> SoakOptions.fromEnv(Map.of("SOAK_CRASH_PERCENT", "101"), repo))
        .hasMessageContaining("SOAK_CRASH_PERCENT");
    assertThatThrownBy(() -> SoakOptions.fromEnv(Map.of("SOAK_OUTAGE_AFTER_FRACTION", "1"), repo))
        .hasMessageContaining("SOAK_OUTAGE_AFTER_FRACTION");
    assertThatThrownBy(() -> SoakOptions.fromEnv(Map.of("SOAK_OUTAGE_MODE", "flaky"), repo))
        .hasMessageContaining("SOAK_OUTAGE_MODE");
    assertThatThrownBy(() -> SoakOptions.fromEnv(Map.of("SOAK_DATA", repo.resolve("nowhere").toString()), repo))
        .hasMessageContaining("SOAK_DATA");
  }

  @Test
  void documents_pastTheDatasetsEnd_repeatUnderNewIds() {
    List<BeirDataset.Document> corpus = List.of(new BeirDataset.Document("a", "A", "x"), new BeirDataset.Document("b", "B", "y"));

    List<BeirDataset.Document> picked = Soak.documents(corpus, 5);

    assertThat(picked).extracting(BeirDataset.Document::id).containsExactly("a", "b", "a~1", "b~1", "a~2");
    assertThat(picked.get(3).text()).isEqualTo("y");
    assertThat(Soak.documents(corpus, 1)).extracting(BeirDataset.Document::id).containsExactly("a");
  }

  @Test
  void outageProxy_forwardsWhileUp_answers503WhileDown_andRefusesConnectionsInRefuseMode() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (FaultyEmbeddingServer gpu = FaultyEmbeddingServer.start(0, 8);
        EmbeddingOutage unavailable = new EmbeddingOutage(gpu.endpoint(), false);
        EmbeddingOutage refusing = new EmbeddingOutage(gpu.endpoint(), true)) {
      assertThat(embed(http, unavailable.endpoint()).statusCode()).isEqualTo(200);
      assertThat(embed(http, unavailable.endpoint()).body()).contains("\"embedding\"");

      unavailable.down();
      assertThat(embed(http, unavailable.endpoint()).statusCode()).isEqualTo(503);
      unavailable.up();
      assertThat(embed(http, unavailable.endpoint()).statusCode()).isEqualTo(200);
      assertThat(unavailable.refused()).isEqualTo(1);
      assertThat(unavailable.forwarded()).isEqualTo(3);
      assertThat(gpu.countNonProbe()).as("the real server saw only what was forwarded").isEqualTo(3);

      refusing.down();
      assertThatThrownBy(() -> embed(http, refusing.endpoint())).hasCauseInstanceOf(ConnectException.class);
      refusing.up();
      assertThat(embed(http, refusing.endpoint()).statusCode()).as("listening again on the same port").isEqualTo(200);
    }
  }

  @Test
  void prometheusValues_ofEverySeriesOfAMetric() {
    String text = """
        # TYPE jobs_requeued_total counter
        jobs_requeued_total{stage="embedding"} 3
        jobs_requeued_total{stage="scraping"} 1
        jobs_requeued_total_other 9
        embedding_circuit_breaker_state 1
        """;

    assertThat(PrometheusText.values(text, "jobs_requeued_total")).containsExactly(3.0, 1.0);
    assertThat(PrometheusText.values(text, "embedding_circuit_breaker_state")).containsExactly(1.0);
    assertThat(PrometheusText.values(null, "x")).isEmpty();
  }

  private static HttpResponse<String> embed(HttpClient http, URI endpoint) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(endpoint.resolve("/v1/embeddings")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"input\":[\"hello\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void dataset(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\":\"d\",\"text\":\"t\"}\n");
    Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\":\"q\",\"text\":\"t\"}\n");
    Files.writeString(dir.resolve("qrels/train.tsv"), "q\td\t1\n");
  }
}
