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
 * {@code make eval} end to end on the first 100 SciFact documents: its own local stack, every document ingested as a
 * job through the public API, every judged query searched in each mode, the report written; then again with
 * {@code EVAL_REUSE=1}, which must skip the ingestion and score the same corpus the same. No quality number is
 * asserted: a slice this small says little, and noise must not break the build.
 */
class EvaluationEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("docpipe.repo.root", "..")).toAbsolutePath().normalize();

  @TempDir Path work;

  @Test
  void hundredDocuments_ingestedAndScored_thenReusedWithoutIngesting() throws Exception {
    Map<String, String> env = Map.of("EVAL_LIMIT", "100", "EVAL_OUT", work.resolve("report/scifact.json").toString(),
        "EVAL_STATE_DIR", work.resolve("stack").toString(), "EVAL_CACHE_DIR", work.resolve("cache").toString());

    JsonNode first = run(env);

    assertThat(first.get("queries").asInt()).isPositive();
    for (String mode : new String[] {"vector", "keyword", "hybrid", "exact_dense", "bm25"}) {
      JsonNode scores = first.at("/modes/" + mode);
      for (String measure : new String[] {"ndcg@10", "recall@10", "recall@100", "mrr@10"}) {
        assertThat(scores.get(measure).asDouble()).as(mode + " " + measure).isBetween(0.0, 1.0);
      }
      assertThat(scores.get("ndcg@10").asDouble()).as(mode + " finds something").isPositive();
    }
    JsonNode ingest = first.get("ingest");
    assertThat(ingest.get("documents").asInt()).isEqualTo(100);
    assertThat(ingest.get("done").asInt()).isEqualTo(100);
    assertThat(ingest.get("failed").asInt()).isZero();
    assertThat(ingest.get("docs_per_minute").asDouble()).isPositive();
    assertThat(ingest.get("embedding_tokens").asLong()).as("tokens the embedder sent, from the stack's metrics").isPositive();
    assertThat(ingest.get("ratio_to_server_alone").asDouble()).isPositive();
    assertThat(Files.readString(work.resolve("report/scifact.md"))).contains("| hybrid |", "| exact_dense |", "| bm25 |");

    JsonNode second = run(Map.of("EVAL_REUSE", "1", "EVAL_LIMIT", "100", "EVAL_OUT", work.resolve("again/scifact.json").toString(),
        "EVAL_STATE_DIR", work.resolve("stack").toString(), "EVAL_CACHE_DIR", work.resolve("cache").toString()));

    assertThat(second.at("/ingest/reused").asBoolean()).as("the corpus already held every document").isTrue();
    assertThat(second.at("/ingest/seconds").isMissingNode()).isTrue();
    for (String mode : new String[] {"vector", "keyword", "hybrid", "exact_dense", "bm25"}) {
      assertThat(second.at("/modes/" + mode)).as(mode + " scored the same corpus the same").isEqualTo(first.at("/modes/" + mode));
    }
  }

  private JsonNode run(Map<String, String> env) throws Exception {
    EvalOptions options = EvalOptions.fromEnv(env, REPO);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    EvalReport report = new Evaluation(options, new PrintStream(console, true, StandardCharsets.UTF_8), false).run();
    report.write(options.out());
    System.out.print(console.toString(StandardCharsets.UTF_8));
    return Json.read(Files.readAllBytes(options.out()), JsonNode.class);
  }
}
