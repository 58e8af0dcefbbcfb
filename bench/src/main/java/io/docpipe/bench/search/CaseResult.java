package io.docpipe.bench.search;

/**
 * One plan measured on one case: a dataset, a size class of corpora, a top_k.
 *
 * @param corpusRows the largest corpus of the class ({@code corpusRowsMin} the smallest)
 * @param latencyMs wall time of each search, as its caller sees it
 * @param withoutCpuWaitsMs the same less the time the caller's thread and the server's process waited for a CPU
 *     ({@link CpuWaits}); null when the kernel does not say
 * @param recallAt10 mean recall@10 against the exact reference (recall@n for a corpus of n < 10 rows)
 * @param recallAtK the same at top_k
 * @param shortAnswers answers with fewer rows than min(top_k, corpus size)
 * @param tooSlowToGoOn measured on the warm-up queries only, its median being far over the target
 */
record CaseResult(Dataset dataset, String sizeClass, int corpusRows, int corpusRowsMin, int topK, String plan,
    int queries, Percentiles latencyMs, Percentiles withoutCpuWaitsMs, double recallAt10, double recallAtK, int shortAnswers, boolean tooSlowToGoOn) {

  boolean rowsOk() {
    return shortAnswers == 0;
  }

  String name() {
    return dataset + ", corpus " + sizeClass + ", top_k " + topK + ", " + plan;
  }
}
