package io.docpipe.bench.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The exact reference: each query's nearest rows of its corpus by cosine distance, computed in Java from the generated
 * vectors (the rows are regenerated, not read back), so it shares nothing with the database it judges.
 */
final class ExactNeighbours {
  private ExactNeighbours() {}

  /** For each query, its {@code depth} nearest rows of {@code corpus}, nearest first. */
  static List<List<Neighbour>> of(ClusteredVectors vectors, Corpus corpus, List<float[]> queries, int depth) {
    List<PriorityQueue<Neighbour>> farthestFirst = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      farthestFirst.add(new PriorityQueue<>(Comparator.comparingDouble(Neighbour::distance).reversed()));
    }
    double[] queryNorms = queries.stream().mapToDouble(q -> Math.sqrt(dot(q, q))).toArray();
    for (int row = 0; row < corpus.rows(); row++) {
      float[] v = vectors.chunk(corpus.index(), corpus.rows(), row);
      double norm = Math.sqrt(dot(v, v));
      for (int q = 0; q < queries.size(); q++) {
        double distance = 1 - dot(queries.get(q), v) / (queryNorms[q] * norm);
        PriorityQueue<Neighbour> heap = farthestFirst.get(q);
        if (heap.size() < depth) {
          heap.add(new Neighbour(row, distance));
        } else if (distance < heap.peek().distance()) {
          heap.poll();
          heap.add(new Neighbour(row, distance));
        }
      }
    }
    return farthestFirst.stream()
        .map(heap -> heap.stream().sorted(Comparator.comparingDouble(Neighbour::distance)).toList())
        .toList();
  }

  /** Four running sums, so the multiply-adds do not wait on one another. */
  static double dot(float[] a, float[] b) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) s0 += a[i] * b[i];
    return s0 + s1 + s2 + s3;
  }
}
