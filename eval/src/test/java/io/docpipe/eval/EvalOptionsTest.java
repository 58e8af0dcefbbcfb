package io.docpipe.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalOptionsTest {
  @TempDir Path repo;

  @Test
  void defaults_areSciFactsTrainSplit_andAReportUnderTarget() throws IOException {
    Path data = dataset(repo.resolve("../shared/data/scifact"));

    EvalOptions o = EvalOptions.fromEnv(Map.of(), repo);

    assertThat(o.data()).isEqualTo(data.toAbsolutePath().normalize());
    assertThat(o.qrels()).isEqualTo(data.resolve("qrels/train.tsv").toAbsolutePath().normalize());
    assertThat(o.out()).isEqualTo(repo.resolve("target/eval/scifact.json").toAbsolutePath().normalize());
    assertThat(o.corpus()).isEqualTo("eval-scifact");
    assertThat(o.stackUrl()).isNull();
    assertThat(o.reuse()).isFalse();
  }

  @Test
  void anyBeirFolderAndQrels_andASliceNamesItsOwnCorpus() throws IOException {
    Path data = dataset(repo.resolve("other/NF Corpus"));

    EvalOptions o = EvalOptions.fromEnv(Map.of("EVAL_DATA", data.toString(), "EVAL_QRELS", data.resolve("qrels/train.tsv").toString(),
        "EVAL_LIMIT", "100", "EVAL_REUSE", "1", "EVAL_URL", "http://localhost:3000"), repo);

    assertThat(o.corpus()).isEqualTo("eval-nf-corpus-100");
    assertThat(o.limit()).isEqualTo(100);
    assertThat(o.reuse()).isTrue();
    assertThat(o.stackUrl()).isEqualTo("http://localhost:3000");
  }

  @Test
  void badValues_failNamingTheVariable() throws IOException {
    dataset(repo.resolve("../shared/data/scifact"));

    assertThatThrownBy(() -> EvalOptions.fromEnv(Map.of("EVAL_DATA", repo.resolve("nowhere").toString()), repo))
        .hasMessageContaining("EVAL_DATA");
    assertThatThrownBy(() -> EvalOptions.fromEnv(Map.of("EVAL_QRELS", "missing.tsv"), repo)).hasMessageContaining("EVAL_QRELS");
    assertThatThrownBy(() -> EvalOptions.fromEnv(Map.of("EVAL_LIMIT", "-3"), repo)).hasMessageContaining("EVAL_LIMIT");
    assertThatThrownBy(() -> EvalOptions.fromEnv(Map.of("EVAL_CORPUS", "Bad Name"), repo)).hasMessageContaining("EVAL_CORPUS");
  }

  private static Path dataset(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\":\"d\",\"text\":\"t\"}\n");
    Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\":\"q\",\"text\":\"t\"}\n");
    Files.writeString(dir.resolve("qrels/train.tsv"), "q\td\t1\n");
    return dir;
  }
}
