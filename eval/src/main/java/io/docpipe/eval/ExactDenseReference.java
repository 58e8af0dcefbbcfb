package io.docpipe.eval;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.EmbeddingClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The exact-dense reference row: every whole document embedded by the same server the pipeline uses, queries with the
 * same instruction the search function adds, and a brute-force cosine scan in memory. No chunking, no index: the
 * model's own ceiling on this data, against which the pipeline's vector mode is judged.
 */
final class ExactDenseReference {
  private final List<String> ids;
  private final float[][] vectors;

  ExactDenseReference(List<String> ids, float[][] vectors) {
    if (ids.size() != vectors.length) throw new IllegalArgumentException(ids.size() + " ids for " + vectors.length + " vectors");
    this.ids = List.copyOf(ids);
    this.vectors = vectors;
  }

  /** The ids of the {@code k} documents nearest to {@code query} (a unit vector), best first. */
  List<String> search(float[] query, int k) {
    record Scored(int index, double score) {}
    PriorityQueue<Scored> best = new PriorityQueue<>(k + 1, (a, b) -> Double.compare(a.score(), b.score()));
    for (int i = 0; i < vectors.length; i++) {
      best.add(new Scored(i, dot(query, vectors[i])));
      if (best.size() > k) best.poll();
    }
    Scored[] ranked = best.toArray(Scored[]::new);
    Arrays.sort(ranked, (a, b) -> Double.compare(b.score(), a.score()));
    List<String> result = new ArrayList<>(ranked.length);
    for (Scored s : ranked) result.add(ids.get(s.index()));
    return result;
  }

  /** The query vectors of {@code queries}, each with the model's retrieval instruction before it. */
  static List<float[]> embedQueries(EmbeddingClient client, String queryPrefix, List<String> queries, int batch) {
    List<float[]> vectors = new ArrayList<>(queries.size());
    for (int from = 0; from < queries.size(); from += batch) {
      List<String> inputs = queries.subList(from, Math.min(queries.size(), from + batch)).stream()
          .map(q -> queryPrefix + q).toList();
      vectors.addAll(client.embed(inputs, Invocation.UNBOUNDED).vectors());
    }
    return vectors;
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }
}
