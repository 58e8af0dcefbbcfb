package io.docpipe.bench.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A query of one corpus with its exact nearest rows. */
record BenchQuery(Corpus corpus, float[] vector, List<Neighbour> exact) {
  /** How deep the reference goes: the largest top_k measured, and a margin for ties. */
  static final int REFERENCE_DEPTH = 60;

  /** {@code count} queries spread over {@code corpora} in turn, each with its exact reference. */
  static List<BenchQuery> spreadOver(List<Corpus> corpora, int count, ClusteredVectors vectors) {
    Map<Corpus, List<float[]>> byCorpus = new LinkedHashMap<>();
    for (int j = 0; j < count; j++) {
      Corpus corpus = corpora.get(j % corpora.size());
      byCorpus.computeIfAbsent(corpus, c -> new ArrayList<>()).add(vectors.query(corpus.index(), corpus.rows(), j / corpora.size()));
    }
    Map<Corpus, List<List<Neighbour>>> exact = new LinkedHashMap<>();
    byCorpus.forEach((corpus, queries) -> exact.put(corpus, ExactNeighbours.of(vectors, corpus, queries, REFERENCE_DEPTH)));
    List<BenchQuery> queries = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      Corpus corpus = corpora.get(j % corpora.size());
      int i = j / corpora.size();
      queries.add(new BenchQuery(corpus, byCorpus.get(corpus).get(i), exact.get(corpus).get(i)));
    }
    return queries;
  }
}
