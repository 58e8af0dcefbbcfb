package io.docpipe.local.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** What a stack's vector database holds for one corpus, read straight from its chunks table. */
final class StoredChunks {
  private StoredChunks() {}

  /** Rows per URL. */
  static Map<String, Integer> rowsByUrl(LocalStack stack, String corpus) throws SQLException {
    return countByUrl(stack, corpus, "SELECT url, count(*) FROM chunks WHERE corpus_name = ? GROUP BY url");
  }

  /** Distinct chunk indexes per URL: equal to {@link #rowsByUrl} when no chunk is stored twice. */
  static Map<String, Integer> distinctIndexesByUrl(LocalStack stack, String corpus) throws SQLException {
    return countByUrl(stack, corpus,
        "SELECT url, count(DISTINCT chunk_index) FROM chunks WHERE corpus_name = ? GROUP BY url");
  }

  private static Map<String, Integer> countByUrl(LocalStack stack, String corpus, String sql) throws SQLException {
    Map<String, String> env = stack.environment();
    try (Connection c = DriverManager.getConnection(env.get("VECTOR_DB_URL"), env.get("VECTOR_DB_USER"),
        env.getOrDefault("VECTOR_DB_PASSWORD", ""));
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, corpus);
      Map<String, Integer> counts = new HashMap<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) counts.put(rs.getString(1), rs.getInt(2));
      }
      return counts;
    }
  }
}
