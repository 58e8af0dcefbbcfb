package io.docpipe.shared.pg;

/**
 * How a vector search reads a corpus, chosen per search from the corpus's size (kept in {@code corpus_stats}): every
 * chunk of a corpus of at most {@code exactScanMaxRows} is compared with the query (exact, and cheap at that size);
 * a bigger corpus is searched through the HNSW index with pgvector's iterative scan in relaxed order, the
 * {@code candidates} nearest it finds re-sorted by distance. An index search that comes back with fewer rows than the
 * corpus can give (its scan stopped at {@code maxScanTuples} before enough rows of this corpus turned up) is answered
 * exactly instead, so a search always returns {@code min(top_k, corpus size)} rows.
 *
 * <p>The defaults are what {@code make bench} measured best (docs/decisions/0007-search-plan.md).
 *
 * @param exactScanMaxRows corpora up to this many chunks are scanned exactly; 0 sends every corpus to the index
 * @param efSearch {@code hnsw.ef_search}: the candidate list of one index scan round (raised to the rows wanted)
 * @param candidates the fewest rows taken from the index before re-sorting (raised to the rows wanted)
 * @param maxScanTuples {@code hnsw.max_scan_tuples}: where an iterative index scan gives up
 */
public record VectorSearchPlan(long exactScanMaxRows, int efSearch, int candidates, int maxScanTuples) {
  /** pgvector's own bounds for {@code hnsw.ef_search}. */
  static final int MAX_EF_SEARCH = 1000;

  public static final VectorSearchPlan DEFAULT = new VectorSearchPlan(10_000, 100, 40, 20_000);

  public VectorSearchPlan {
    if (exactScanMaxRows < 0) throw new IllegalArgumentException("exactScanMaxRows must be >= 0, was " + exactScanMaxRows);
    if (efSearch < 1 || efSearch > MAX_EF_SEARCH) {
      throw new IllegalArgumentException("efSearch must be 1.." + MAX_EF_SEARCH + ", was " + efSearch);
    }
    if (candidates < 1) throw new IllegalArgumentException("candidates must be >= 1, was " + candidates);
    if (maxScanTuples < 1) throw new IllegalArgumentException("maxScanTuples must be >= 1, was " + maxScanTuples);
  }

  /** Every corpus scanned exactly, whatever its size (a reference, or a deployment without the index). */
  public static VectorSearchPlan exactOnly() {
    return DEFAULT.withExactScanMaxRows(Long.MAX_VALUE);
  }

  public VectorSearchPlan withExactScanMaxRows(long rows) {
    return new VectorSearchPlan(rows, efSearch, candidates, maxScanTuples);
  }

  public VectorSearchPlan withEfSearch(int ef) {
    return new VectorSearchPlan(exactScanMaxRows, ef, candidates, maxScanTuples);
  }

  public VectorSearchPlan withCandidates(int rows) {
    return new VectorSearchPlan(exactScanMaxRows, efSearch, rows, maxScanTuples);
  }

  boolean exact(long corpusRows) {
    return corpusRows <= exactScanMaxRows;
  }

  /** Rows the index search takes before re-sorting, for {@code wanted} rows. */
  int candidatesFor(int wanted) {
    return Math.max(candidates, wanted);
  }

  int efSearchFor(int wanted) {
    return Math.min(MAX_EF_SEARCH, Math.max(efSearch, candidatesFor(wanted)));
  }
}
