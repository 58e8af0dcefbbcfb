package io.docpipe.shared.pg;

/**
 * The search statements. A keyword search is one round trip; a vector or hybrid search two: the corpus's size, which
 * picks an exact scan or the HNSW index ({@link VectorSearchPlan}), then the statement for that plan. Keyword ranking is BM25 computed in SQL from the chunks' {@code tsv}
 * (term counts from the tsvector's positions, chunk length as its lexeme count): {@code ts_rank_cd} has no inverse
 * document frequency and ranks far worse (docs/decisions/0003-keyword-and-hybrid-search.md has the numbers).
 */
final class SearchSql {
  private SearchSql() {}

  static final double K1 = 0.9;
  static final double B = 0.4;

  /**
   * Before a vector or hybrid search, in its transaction: the corpus's size, which picks the plan
   * ({@link VectorSearchPlan}), and the index scan's settings. A custom plan each time: a generic plan (what a
   * server-side prepared statement turns to after five runs) is costed for an average corpus, and could sort a large
   * corpus's every row where the index serves it.
   */
  static final NamedSql CORPUS_SIZE = new NamedSql("""
      SELECT coalesce((SELECT chunks FROM corpus_stats WHERE corpus_name = :corpus), 0),
             set_config('hnsw.iterative_scan', 'relaxed_order', true),
             set_config('hnsw.ef_search', :ef_search, true),
             set_config('hnsw.max_scan_tuples', :max_scan_tuples, true),
             set_config('plan_cache_mode', 'force_custom_plan', true)""");

  /**
   * Every chunk of the corpus with its distance to the query. MATERIALIZED keeps the planner from pulling the ordering
   * in and walking the HNSW index: it reads the corpus's rows (by the primary key's leading corpus_name) and the
   * caller sorts them, which is exact.
   */
  private static final String EXACT_NEAREST = """
      nearest AS MATERIALIZED (
        SELECT chunk_id, embedding <=> :query::vector AS distance FROM chunks WHERE corpus_name = :corpus)""";

  /**
   * The first {@code :candidates} rows of this corpus the HNSW index finds; with the iterative scan in relaxed order
   * they come roughly nearest first, so the caller sorts them again.
   */
  private static final String INDEX_NEAREST = """
      nearest AS MATERIALIZED (
        SELECT chunk_id, embedding <=> :query::vector AS distance FROM chunks WHERE corpus_name = :corpus
        ORDER BY distance LIMIT :candidates)""";

  /** The best {@code :top_k} of {@code nearest}, then the text of those only. */
  private static final String VECTOR_RESULT = """

      SELECT c.url, c.chunk_index, c.title, c.text, 1 - n.distance AS score
      FROM (SELECT chunk_id, distance FROM nearest ORDER BY distance, chunk_id LIMIT :top_k) n
      JOIN chunks c ON c.corpus_name = :corpus AND c.chunk_id = n.chunk_id
      ORDER BY n.distance, n.chunk_id""";

  static final NamedSql VECTOR_EXACT = new NamedSql("WITH " + EXACT_NEAREST + VECTOR_RESULT);
  static final NamedSql VECTOR_INDEX = new NamedSql("WITH " + INDEX_NEAREST + VECTOR_RESULT);

  /**
   * The keyword side as CTEs ending in {@code keyword(chunk_id, score)}. The query's distinct lexemes, any of which
   * matches; the corpus's size and mean chunk length (kept by triggers in {@code corpus_stats}); the matching chunks,
   * found through the GIN index, each marked whether it also holds every phrase and no excluded term (a phrase or
   * exclusion of only stop words parses to an empty tsquery and constrains nothing); their postings, i.e. each query
   * lexeme a chunk holds with its count (the tsvector cut down to the query's lexemes in C: setweight marks them,
   * ts_filter keeps them, so only those few are unnested); document frequencies from the postings (every chunk with a
   * query lexeme is among the matches, so they are exact); then BM25, best {@code :keyword_limit} kept.
   */
  private static final String KEYWORD_CTES = String.format(java.util.Locale.ROOT, """
      terms AS (
        SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector('english', :terms))) AS t(lexeme)),
      corpus AS (
        SELECT chunks::float8 AS n, greatest(lexemes, 1)::float8 / greatest(chunks, 1) AS avgdl
        FROM corpus_stats WHERE corpus_name = :corpus),
      filters AS MATERIALIZED (
        SELECT websearch_to_tsquery('english', :phrases) AS required, websearch_to_tsquery('english', :excluded) AS excluded),
      matched AS MATERIALIZED (
        SELECT c.chunk_id, c.tsv,
               (numnode(f.required) = 0 OR c.tsv @@ f.required) AND (numnode(f.excluded) = 0 OR NOT c.tsv @@ f.excluded) AS kept
        FROM chunks c CROSS JOIN filters f
        WHERE c.corpus_name = :corpus
          AND c.tsv @@ (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery FROM terms)),
      postings AS MATERIALIZED (
        SELECT m.chunk_id, m.kept, length(m.tsv) AS dl, u.lexeme, array_length(u.positions, 1)::float8 AS tf
        FROM matched m
        CROSS JOIN LATERAL unnest(ts_filter(setweight(setweight(m.tsv, 'A'), 'D', (SELECT array_agg(lexeme) FROM terms)),
                                            '{d}')) AS u),
      df AS (
        SELECT lexeme, count(*)::float8 AS df FROM postings GROUP BY lexeme),
      keyword AS (
        SELECT p.chunk_id,
               sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5)) * p.tf * (%1$s + 1)
                   / (p.tf + %1$s * (1 - %2$s + %2$s * p.dl / s.avgdl))) AS score
        FROM postings p JOIN df USING (lexeme) CROSS JOIN corpus s
        WHERE p.kept
        GROUP BY p.chunk_id
        ORDER BY score DESC, p.chunk_id
        LIMIT :keyword_limit)""", K1, B);

  static final NamedSql KEYWORD = new NamedSql("WITH " + KEYWORD_CTES + """

      SELECT c.url, c.chunk_index, c.title, c.text, k.score
      FROM keyword k JOIN chunks c ON c.corpus_name = :corpus AND c.chunk_id = k.chunk_id
      ORDER BY k.score DESC, c.url, c.chunk_index""");

  /**
   * Each side scaled to 0..1 over its own candidates, then combined: cosine min-max (1 when they all tie), since bge's
   * similarities crowd into a narrow band; BM25 divided by its best, since 0 is its natural floor and a chunk that
   * matched should keep credit when only a few did.
   */
  private static String hybrid(String nearest) {
    return "WITH " + KEYWORD_CTES + ",\n" + nearest + """
      ,
      vector AS (
        SELECT chunk_id, 1 - distance AS score FROM nearest ORDER BY distance, chunk_id LIMIT :vector_limit),
      fused AS (
        SELECT chunk_id,
               :vector_weight * CASE WHEN v.score IS NULL THEN 0 WHEN max(v.score) OVER () = min(v.score) OVER () THEN 1
                 ELSE (v.score - min(v.score) OVER ()) / (max(v.score) OVER () - min(v.score) OVER ()) END
             + (1 - :vector_weight) * CASE WHEN k.score IS NULL OR max(k.score) OVER () <= 0 THEN 0
                 ELSE k.score / max(k.score) OVER () END AS score
        FROM vector v FULL JOIN keyword k USING (chunk_id))
      SELECT c.url, c.chunk_index, c.title, c.text, f.score
      FROM fused f JOIN chunks c ON c.corpus_name = :corpus AND c.chunk_id = f.chunk_id
      ORDER BY f.score DESC, c.url, c.chunk_index
      LIMIT :top_k""";
  }

  /** The hybrid statement whose vector side reads the corpus as {@link #VECTOR_EXACT} does. */
  static final NamedSql HYBRID_EXACT = new NamedSql(hybrid(EXACT_NEAREST));
  /** The hybrid statement whose vector side reads the corpus as {@link #VECTOR_INDEX} does. */
  static final NamedSql HYBRID_INDEX = new NamedSql(hybrid(INDEX_NEAREST));
}
