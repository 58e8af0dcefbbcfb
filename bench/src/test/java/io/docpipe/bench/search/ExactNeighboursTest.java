package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactNeighboursTest {
  private final ClusteredVectors vectors = new ClusteredVectors(16, 5);
  private final Corpus corpus = new Corpus(3, "c", 500, "500");

  @Test
  void of_isTheNearestRowsByCosineDistance_nearestFirst_asAFullSortSays() {
    float[] query = vectors.query(corpus.index(), corpus.rows(), 0);

    List<Neighbour> nearest = ExactNeighbours.of(vectors, corpus, List.of(query), 20).getFirst();

    List<Integer> sorted = IntStream.range(0, corpus.rows()).boxed()
        .sorted(Comparator.comparingDouble(row -> distance(query, vectors.chunk(corpus.index(), corpus.rows(), row))))
        .limit(20).toList();
    assertThat(nearest).extracting(Neighbour::row).containsExactlyElementsOf(sorted);
    assertThat(nearest).isSortedAccordingTo(Comparator.comparingDouble(Neighbour::distance));
  }

  @Test
  void of_aCorpusSmallerThanTheDepth_givesEveryRow() {
    Corpus tiny = new Corpus(4, "t", 7, "5-50");

    assertThat(ExactNeighbours.of(vectors, tiny, List.of(vectors.query(4, 7, 0)), 60).getFirst()).hasSize(7);
  }

  private static double distance(float[] a, float[] b) {
    return 1 - ExactNeighbours.dot(a, b) / Math.sqrt(ExactNeighbours.dot(a, a) * ExactNeighbours.dot(b, b));
  }
}
