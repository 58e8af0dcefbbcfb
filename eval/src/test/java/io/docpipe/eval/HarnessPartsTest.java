package io.docpipe.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces of the harness: the page a document becomes, and how hits turn back into documents. */
class HarnessPartsTest {

  @Test
  void documentPage_hasTheTitleTwice_theTextAsParagraphs_andEscapesMarkup() {
    String html = DocumentSite.html(new BeirDataset.Document("d1", "Tides & <moons>", "First \"part\".\n\nSecond part."));

    assertThat(html).contains("<title>Tides &amp; &lt;moons&gt;</title>", "<h1>Tides &amp; &lt;moons&gt;</h1>",
        "<p>First &quot;part&quot;.</p>", "<p>Second part.</p>");
  }

  @Test
  void documentId_readsTheIdBackFromAnyPortOfTheSite_andIgnoresOtherUrls() {
    assertThat(DocumentSite.documentId("http://127.0.0.1:41234/docs/a%2Fb+c")).isEqualTo("a/b c");
    assertThat(DocumentSite.documentId("http://127.0.0.1:1/docs/4983")).isEqualTo("4983");
    assertThat(DocumentSite.documentId("https://example.com/other")).isNull();
  }

  @Test
  void documents_ofASearchResponse_rankEachDocumentAtItsBestChunk() {
    JsonNode response = Json.read("""
        {"results": [{"url": "http://h:1/docs/a", "chunk_index": 1}, {"url": "http://h:1/docs/b", "chunk_index": 0},
                     {"url": "http://h:1/docs/a", "chunk_index": 0}, {"url": "https://elsewhere/x"}]}""", JsonNode.class);

    assertThat(PipelineSearch.documents(response)).containsExactly("a", "b");
  }

  @Test
  void reciprocalRankFusion_sumsOneOverKPlusRank() {
    Map<String, List<String>> fused = Fusion.reciprocalRank(Map.of("q", List.of("a", "b")), Map.of("q", List.of("b", "c")), 60);

    // b: 1/62 + 1/61 beats a: 1/61 beats c: 1/62.
    assertThat(fused.get("q")).containsExactly("b", "a", "c");
  }

  @Test
  void prometheusText_sumsTheSeriesOfOneLabelValue() {
    String text = """
        # TYPE embedding_tokens_processed_total counter
        embedding_tokens_processed_total{model="m",operation="write",instance="a"} 100
        embedding_tokens_processed_total{model="m",operation="write",instance="b"} 2.5e2
        embedding_tokens_processed_total{model="m",operation="read",instance="a"} 7
        embedding_tokens_processed_total_other{operation="write"} 9
        """;

    assertThat(PrometheusText.sum(text, "embedding_tokens_processed_total", "operation", "write")).isEqualTo(350.0);
    assertThat(PrometheusText.sum(null, "x", "a", "b")).isZero();
  }

  @Test
  void progress_rendersCountsRateAndTimeLeft() {
    Progress progress = new Progress(System.out, "ingest", 200, false);

    String line = progress.render(90, 10, 40, 60);

    assertThat(line).startsWith("ingest [############............] 90/200 done, 10 failed, 40 in flight, 100/min")
        .endsWith("1:00 elapsed, ETA 1:00");
  }

  @Test
  void progress_inALog_printsALinePerTenthAndTheLastLineOnce() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    Progress progress = new Progress(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
        "ingest", 100, false);

    for (int done = 1; done <= 100; done++) progress.update(done, 0, 0);
    progress.finish(100, 0);

    java.util.List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(11); // the first record, then one per tenth up to 100/100
    assertThat(lines.getLast()).contains("100/100 done");
  }

  @Test
  void cpuGroups_nameThePartsOfTheStack() {
    assertThat(CpuAccount.group("bge-run-1")).isEqualTo("inference (ONNX)");
    assertThat(CpuAccount.group("function-embedder")).isEqualTo("embedder function");
    assertThat(CpuAccount.group("SQLiteQueue[]")).isEqualTo("DynamoDB Local (SQLite)");
    assertThat(CpuAccount.group("SNProxy-Jetty-12")).isEqualTo("S3Proxy");
    assertThat(CpuAccount.group("something-17")).isEqualTo("other: something");
  }
}
