package io.docpipe.bench.search;

import io.docpipe.shared.VectorStore.SearchHit;
import java.util.List;

/** One way of running a vector search, measured against the others. */
interface Searcher extends AutoCloseable {
  List<SearchHit> search(String corpus, float[] query, int topK);

  @Override
  default void close() throws Exception {}

  static String literal(float[] vector) {
    StringBuilder sb = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) sb.append(',');
      sb.append(vector[i]);
    }
    return sb.append(']').toString();
  }
}
