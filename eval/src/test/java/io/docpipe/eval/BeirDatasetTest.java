package io.docpipe.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirDatasetTest {
  @TempDir Path dir;

  @Test
  void load_readsCorpusQueriesAndQrels_keepingOnlyJudgedRelevantQueries() throws IOException {
    write("corpus.jsonl", """
        {"_id": "d1", "title": "Tides", "text": "The moon pulls the oceans.", "metadata": {}}

        {"_id": "d2", "text": "No title here."}
        """);
    write("queries.jsonl", """
        {"_id": "q1", "text": "what moves the sea"}
        {"_id": "q2", "text": "unjudged"}
        {"_id": "q3", "text": "judged irrelevant only"}
        """);
    Path qrels = write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq3\td2\t0\n");

    BeirDataset data = BeirDataset.load(dir, qrels);

    assertThat(data.corpus()).extracting(BeirDataset.Document::id).containsExactly("d1", "d2");
    assertThat(data.corpus().get(0).fullText()).isEqualTo("Tides\n\nThe moon pulls the oceans.");
    assertThat(data.corpus().get(1).fullText()).isEqualTo("No title here.");
    assertThat(data.qrels()).containsOnlyKeys("q1");
    assertThat(data.judgedQueries()).extracting(e -> e.getValue()).containsExactly("what moves the sea");
  }

  @Test
  void slice_keepsTheFirstDocuments_andTheQueriesJudgedWhollyOnThem() throws IOException {
    write("corpus.jsonl", "{\"_id\":\"d1\",\"text\":\"a\"}\n{\"_id\":\"d2\",\"text\":\"b\"}\n{\"_id\":\"d3\",\"text\":\"c\"}\n");
    write("queries.jsonl", "{\"_id\":\"q1\",\"text\":\"x\"}\n{\"_id\":\"q2\",\"text\":\"y\"}\n");
    Path qrels = write("qrels.tsv", "q1\td1\t1\nq2\td2\t1\nq2\td3\t1\n");

    BeirDataset slice = BeirDataset.load(dir, qrels).slice(2);

    assertThat(slice.corpus()).hasSize(2);
    assertThat(slice.qrels()).containsOnlyKeys("q1");
  }

  @Test
  void load_badInput_saysWhichFileAndLine() throws IOException {
    write("corpus.jsonl", "{\"_id\":\"d1\",\"text\":\"a\"}\nnot json\n");
    write("queries.jsonl", "{\"_id\":\"q1\",\"text\":\"x\"}\n");
    Path qrels = write("qrels.tsv", "q1\td1\tone\n");

    assertThatThrownBy(() -> BeirDataset.load(dir, qrels)).hasMessageContaining("corpus.jsonl:2");
    write("corpus.jsonl", "{\"_id\":\"d1\",\"text\":\"a\"}\n");
    assertThatThrownBy(() -> BeirDataset.load(dir, qrels)).hasMessageContaining("qrels.tsv:1").hasMessageContaining("integer");
    write("qrels.tsv", "q9\td1\t1\n");
    assertThatThrownBy(() -> BeirDataset.load(dir, dir.resolve("qrels.tsv")).judgedQueries()).hasMessageContaining("q9");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
