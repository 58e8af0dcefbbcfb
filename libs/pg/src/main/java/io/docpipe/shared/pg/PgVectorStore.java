package io.docpipe.shared.pg;

import io.docpipe.shared.KeywordQuery;
import io.docpipe.shared.VectorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link VectorStore} over PostgreSQL + pgvector. Table {@code chunks}, primary key {@code (corpus_name, chunk_id)},
 * HNSW index with cosine distance, and a GIN index over {@code (corpus_name, tsv)} for keywords. A vector search
 * (and a hybrid search's vector side) scans a small corpus exactly and a large one through the HNSW index, as its
 * {@link VectorSearchPlan} says, so every corpus returns {@code min(top_k, corpus size)} rows ({@link SearchSql}).
 */
public final class PgVectorStore implements VectorStore, AutoCloseable {
  /**
   * Newest ingestion wins, ordered by {@code (ingested_at, job_id)}: no row for a URL a newer ingestion has rows of,
   * and no replacing a row of a newer ingestion.
   */
  private static final String UPSERT = """
      WITH v (corpus_name, chunk_id, url, title, job_id, chunk_index, text, embedding, model, ingested_at) AS (
        SELECT ?::text, ?::text, ?::text, ?::text, ?::text, ?::integer, ?::text, ?::vector, ?::text, ?::timestamptz)
      INSERT INTO chunks (corpus_name, chunk_id, url, title, job_id, chunk_index, text, embedding, model, ingested_at)
      SELECT * FROM v WHERE NOT EXISTS (
        SELECT 1 FROM chunks n WHERE n.corpus_name = v.corpus_name AND n.url = v.url
          AND (n.ingested_at, n.job_id) > (v.ingested_at, v.job_id))
      ON CONFLICT (corpus_name, chunk_id) DO UPDATE SET
        url = EXCLUDED.url, title = EXCLUDED.title, job_id = EXCLUDED.job_id, chunk_index = EXCLUDED.chunk_index,
        text = EXCLUDED.text, embedding = EXCLUDED.embedding, model = EXCLUDED.model, ingested_at = EXCLUDED.ingested_at
      WHERE (chunks.ingested_at, chunks.job_id) <= (EXCLUDED.ingested_at, EXCLUDED.job_id)""";

  /** Every row of the URL older than the newest ingestion that has rows, this one counted as having them. */
  private static final NamedSql REMOVE_SUPERSEDED = new NamedSql("""
      DELETE FROM chunks WHERE corpus_name = :corpus AND url = :url AND (ingested_at, job_id) < (
        SELECT at, job FROM (
          SELECT ingested_at AS at, job_id AS job FROM chunks WHERE corpus_name = :corpus AND url = :url
          UNION ALL SELECT CAST(:ingested_at AS timestamptz), CAST(:job_id AS text)) s
        ORDER BY at DESC, job DESC LIMIT 1)""");

  private final Connections connections;
  private final VectorSearch vectorSearch;

  public PgVectorStore(VectorDbConfig config) {
    this(config, VectorSearchPlan.DEFAULT);
  }

  /** With another plan than the measured default: for benchmarks comparing plans. */
  public PgVectorStore(VectorDbConfig config, VectorSearchPlan plan) {
    this.connections = new Connections(config);
    this.vectorSearch = new VectorSearch(plan);
  }

  @Override
  public void upsert(List<StoredChunk> chunks) {
    if (chunks.isEmpty()) return;
    inTransaction(c -> {
      lockUrls(c, chunks.stream().map(chunk -> new CorpusUrl(chunk.corpusName(), chunk.url())).toList());
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        for (StoredChunk chunk : chunks) {
          ps.setString(1, chunk.corpusName());
          ps.setString(2, chunk.chunkId());
          ps.setString(3, chunk.url());
          ps.setString(4, chunk.title());
          ps.setString(5, chunk.jobId());
          ps.setInt(6, chunk.chunkIndex());
          ps.setString(7, chunk.text());
          ps.setString(8, literal(chunk.embedding()));
          ps.setString(9, chunk.model());
          ps.setTimestamp(10, Timestamp.from(chunk.ingestedAt()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public int removeSuperseded(String corpusName, String url, String jobId, Instant ingestedAt) {
    return inTransaction(c -> {
      lockUrls(c, List.of(new CorpusUrl(corpusName, url)));
      try (PreparedStatement ps = REMOVE_SUPERSEDED.prepare(c, Map.of("corpus", corpusName, "url", url,
          "ingested_at", Timestamp.from(ingestedAt), "job_id", jobId))) {
        return ps.executeUpdate();
      }
    });
  }

  private record CorpusUrl(String corpusName, String url) {}

  /**
   * Writers of one URL take turns (a transaction-scoped advisory lock on a hash of corpus and URL): without it an
   * older ingestion's upsert could check for newer rows before a newer one commits, and commit after the newer one's
   * removal of older rows, leaving its chunks behind. Taken in one order, so two writers of several URLs cannot
   * deadlock.
   */
  private static void lockUrls(Connection c, List<CorpusUrl> urls) throws SQLException {
    List<String> keys = urls.stream().map(u -> u.corpusName() + '\u001f' + u.url()).distinct().sorted().toList();
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      for (String key : keys) {
        ps.setString(1, key);
        ps.execute();
      }
    }
  }

  @Override
  public List<SearchHit> search(String corpusName, float[] query, int topK) {
    Map<String, Object> values = Map.of("query", literal(query), "corpus", corpusName, "top_k", topK);
    return inTransaction(c -> vectorSearch.search(c, corpusName, topK, topK, SearchSql.VECTOR_EXACT,
        SearchSql.VECTOR_INDEX, values, (sql, v) -> hits(c, sql, v)));
  }

  @Override
  public List<SearchHit> keywordSearch(String corpusName, KeywordQuery query, int topK) {
    return inTransaction(c -> hits(c, SearchSql.KEYWORD, keywordValues(corpusName, query, topK)));
  }

  @Override
  public List<SearchHit> hybridSearch(String corpusName, float[] vector, KeywordQuery query, double vectorWeight, int topK) {
    if (!(vectorWeight >= 0 && vectorWeight <= 1)) throw new IllegalArgumentException("vectorWeight must be 0..1, was " + vectorWeight);
    int candidates = Math.max(topK, HYBRID_CANDIDATES);
    Map<String, Object> values = new HashMap<>(keywordValues(corpusName, query, candidates));
    values.put("query", literal(vector));
    values.put("vector_limit", candidates);
    values.put("vector_weight", vectorWeight);
    values.put("top_k", topK);
    return inTransaction(c -> vectorSearch.search(c, corpusName, topK, candidates, SearchSql.HYBRID_EXACT,
        SearchSql.HYBRID_INDEX, values, (sql, v) -> hits(c, sql, v)));
  }

  private static Map<String, Object> keywordValues(String corpusName, KeywordQuery query, int limit) {
    return Map.of("terms", query.terms(), "phrases", query.phrases(), "excluded", query.excluded(), "corpus", corpusName,
        "keyword_limit", limit);
  }

  private static List<SearchHit> hits(Connection c, NamedSql sql, Map<String, Object> values) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c, values)) {
      List<SearchHit> hits = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          hits.add(new SearchHit(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getDouble(5)));
        }
      }
      return hits;
    }
  }

  static String literal(float[] vector) {
    StringBuilder sb = new StringBuilder(vector.length * 10).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) sb.append(',');
      sb.append(vector[i]);
    }
    return sb.append(']').toString();
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try {
      Connection c = connections.get();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      connections.close();
      throw new VectorStoreException(e);
    }
  }

  /** Closes the connection (an environment the local stack replaces; in Lambda the process ends with it). */
  @Override
  public void close() {
    connections.close();
  }

  /**
   * A database error; the caller decides whether the message goes back to the queue. It carries neither the JDBC
   * exception nor its message, which may quote the rows (chunk text, vectors): only what {@link SqlErrors} describes,
   * the SQLState, and the original's stack frames.
   */
  public static final class VectorStoreException extends RuntimeException {
    private final String sqlState;

    VectorStoreException(SQLException e) {
      super(SqlErrors.describe(e));
      this.sqlState = e.getSQLState();
      setStackTrace(e.getStackTrace());
    }

    /** The SQLState of the JDBC exception, or null when it had none. */
    public String sqlState() {
      return sqlState;
    }
  }
}
