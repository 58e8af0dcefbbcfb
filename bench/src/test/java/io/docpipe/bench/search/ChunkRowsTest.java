package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkRowsTest {
  private final CorpusLayout layout = CorpusLayout.quick();
  private final ClusteredVectors vectors = new ClusteredVectors(8, 13);
  private final ChunkRows rows = new ChunkRows(layout, vectors, new ChunkText(13));

  @Test
  void loadOrder_holdsEveryRowOnce_withTheCorporaMixed() {
    List<ChunkRows.Place> order = rows.loadOrder(13);

    assertThat(order).hasSize((int) layout.totalRows());
    assertThat(new HashSet<>(order)).hasSize(order.size());
    // The first thousand rows already come from several corpora, not from the first corpus alone.
    Set<Integer> corpora = new HashSet<>();
    for (ChunkRows.Place p : order.subList(0, 1_000)) corpora.add(p.corpus());
    assertThat(corpora.size()).isGreaterThan(3);
    assertThat(rows.loadOrder(13)).isEqualTo(order);
  }

  @Test
  void copyLine_isOneTabSeparatedRowOfTheColumns_withTheGeneratedVector() {
    Corpus corpus = layout.corpora().get(2);

    String line = rows.copyLine(new ChunkRows.Place(2, 123));

    assertThat(line).endsWith("\n");
    String[] fields = line.substring(0, line.length() - 1).split("\t", -1);
    assertThat(fields).hasSize(ChunkRows.COLUMNS.split(",").length);
    assertThat(fields[0]).isEqualTo(corpus.name());
    assertThat(fields[1]).isEqualTo("r123");
    assertThat(ChunkRows.row(fields[2], Integer.parseInt(fields[5]))).isEqualTo(123);
    assertThat(fields[6]).hasSizeGreaterThan(500).matches("[a-z .]+");
    float[] embedding = vectors.chunk(2, corpus.rows(), 123);
    String[] components = fields[7].substring(1, fields[7].length() - 1).split(",");
    assertThat(components).hasSize(8);
    for (int i = 0; i < 8; i++) assertThat(Float.parseFloat(components[i])).isEqualTo(embedding[i]);
  }
}
