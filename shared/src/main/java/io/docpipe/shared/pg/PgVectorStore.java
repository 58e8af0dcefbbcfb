package io.docpipe.shared.pg;

import io.docpipe.shared.VectorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link VectorStore} over PostgreSQL + pgvector. Table {@code chunks}, primary key {@code (corpus_name, chunk_id)},
 * HNSW index with cosine distance. A filtered search uses pgvector's iterative index scan so that a small corpus in a
 * large table still returns {@code top_k} rows.
 */
public final class PgVectorStore implements VectorStore {
  private static final String UPSERT = """
      INSERT INTO chunks (corpus_name, chunk_id, url, job_id, chunk_index, text, embedding, model, ingested_at)
      VALUES (?, ?, ?, ?, ?, ?, ?::vector, ?, ?)
      ON CONFLICT (corpus_name, chunk_id) DO UPDATE SET
        url = EXCLUDED.url, job_id = EXCLUDED.job_id, chunk_index = EXCLUDED.chunk_index, text = EXCLUDED.text,
        embedding = EXCLUDED.embedding, model = EXCLUDED.model,
        ingested_at = GREATEST(chunks.ingested_at, EXCLUDED.ingested_at)""";
  private static final String SEARCH = """
      SELECT url, chunk_index, text, 1 - (embedding <=> ?::vector) AS score
      FROM chunks WHERE corpus_name = ?
      ORDER BY embedding <=> ?::vector LIMIT ?""";

  private final Connections connections;

  public PgVectorStore(VectorDbConfig config) {
    this.connections = new Connections(config);
  }

  @Override
  public void upsert(List<StoredChunk> chunks) {
    if (chunks.isEmpty()) return;
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        for (StoredChunk chunk : chunks) {
          ps.setString(1, chunk.corpusName());
          ps.setString(2, chunk.chunkId());
          ps.setString(3, chunk.url());
          ps.setString(4, chunk.jobId());
          ps.setInt(5, chunk.chunkIndex());
          ps.setString(6, chunk.text());
          ps.setString(7, literal(chunk.embedding()));
          ps.setString(8, chunk.model());
          ps.setTimestamp(9, Timestamp.from(chunk.ingestedAt()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public int deleteOlderVersions(String corpusName, String url, Instant ingestedAt) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE corpus_name = ? AND url = ? AND ingested_at < ?")) {
        ps.setString(1, corpusName);
        ps.setString(2, url);
        ps.setTimestamp(3, Timestamp.from(ingestedAt));
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<SearchHit> search(String corpusName, float[] query, int topK) {
    return inTransaction(c -> {
      try (Statement st = c.createStatement()) {
        // strict_order keeps results best-first; ef_search at least top_k so one scan round can fill the answer.
        st.execute("SET LOCAL hnsw.iterative_scan = strict_order");
        st.execute("SET LOCAL hnsw.ef_search = " + Math.max(40, topK * 2));
      }
      String vector = literal(query);
      try (PreparedStatement ps = c.prepareStatement(SEARCH)) {
        ps.setString(1, vector);
        ps.setString(2, corpusName);
        ps.setString(3, vector);
        ps.setInt(4, topK);
        List<SearchHit> hits = new ArrayList<>(topK);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) hits.add(new SearchHit(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getDouble(4)));
        }
        return hits;
      }
    });
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
      throw new VectorStoreException("vector store: " + e.getMessage(), e);
    }
  }

  /** A database error; the caller decides whether the message goes back to the queue. */
  public static final class VectorStoreException extends RuntimeException {
    VectorStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
