package io.docpipe.bench.search;

import io.docpipe.shared.VectorStore.SearchHit;
import io.docpipe.shared.pg.VectorDbConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The vector search as it was before the plan was chosen by corpus size (main at 8e2e257), kept here only to be
 * measured against: one statement that the planner serves either through the HNSW index (iterative scan in strict
 * order, ef_search of twice the rows wanted, at least 40) or by sorting the corpus's rows, as its estimates say.
 */
final class PlannersChoiceSearch implements Searcher {
  private static final String SQL = """
      SELECT url, chunk_index, title, text, 1 - (embedding <=> ?::vector) AS score
      FROM chunks WHERE corpus_name = ?
      ORDER BY embedding <=> ?::vector LIMIT ?""";

  private final Connection connection;

  PlannersChoiceSearch(VectorDbConfig config) throws SQLException {
    this.connection = DriverManager.getConnection(config.url(), config.user(), config.password().get());
    connection.setAutoCommit(false);
  }

  long backendPid() throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long pid = rs.getLong(1);
      connection.commit();
      return pid;
    }
  }

  @Override
  public List<SearchHit> search(String corpus, float[] query, int topK) {
    try {
      try (Statement st = connection.createStatement()) {
        st.execute("SET LOCAL hnsw.iterative_scan = strict_order");
        st.execute("SET LOCAL hnsw.ef_search = " + Math.min(1000, Math.max(40, topK * 2)));
      }
      List<SearchHit> hits = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(SQL)) {
        String literal = Searcher.literal(query);
        ps.setString(1, literal);
        ps.setString(2, corpus);
        ps.setString(3, literal);
        ps.setInt(4, topK);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hits.add(new SearchHit(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getDouble(5)));
          }
        }
      }
      connection.commit();
      return hits;
    } catch (SQLException e) {
      throw new IllegalStateException("search failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
