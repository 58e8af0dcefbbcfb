package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClusteredVectorsTest {
  private final ClusteredVectors vectors = new ClusteredVectors(64, 13);

  @Test
  void chunk_isAFunctionOfSeedCorpusAndRow_only() {
    ClusteredVectors again = new ClusteredVectors(64, 13);

    assertThat(again.chunk(3, 5_000, 1_234)).containsExactly(vectors.chunk(3, 5_000, 1_234));
    assertThat(new ClusteredVectors(64, 14).chunk(3, 5_000, 1_234)).isNotEqualTo(vectors.chunk(3, 5_000, 1_234));
    assertThat(vectors.chunk(3, 5_000, 1_235)).isNotEqualTo(vectors.chunk(3, 5_000, 1_234));
  }

  @Test
  void chunkAndQuery_areUnitVectors_ofTheDimension() {
    for (float[] v : new float[][] {vectors.chunk(0, 100_000, 7), vectors.query(0, 100_000, 7)}) {
      assertThat(v).hasSize(64);
      assertThat(ExactNeighbours.dot(v, v)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void query_comesFromAStreamOfItsOwn_notACopyOfAChunk() {
    assertThat(vectors.query(2, 4_000, 5)).isNotEqualTo(vectors.chunk(2, 4_000, 5));
  }

  @Test
  void topicsOf_growWithTheCorpus_distinct_andFixedPerCorpus() {
    assertThat(vectors.topicsOf(0, 100_000)).hasSize(100).doesNotHaveDuplicates();
    assertThat(vectors.topicsOf(5, 4_000)).hasSize(4);
    assertThat(vectors.topicsOf(9, 5)).hasSize(1);
    assertThat(vectors.topicsOf(5, 4_000)).containsExactly(vectors.topicsOf(5, 4_000));
  }

  @Test
  void chunksOfACorpus_areClustered_nearerEachOtherThanRandomDirections() {
    // A one-topic corpus: its chunks share 16 subtopics of one topic, so on average they point the same way.
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < 40; i++) {
      for (int j = i + 1; j < 40; j++) {
        sum += ExactNeighbours.dot(vectors.chunk(1, 40, i), vectors.chunk(1, 40, j));
        pairs++;
      }
    }
    assertThat(sum / pairs).isGreaterThan(0.2);
  }
}
