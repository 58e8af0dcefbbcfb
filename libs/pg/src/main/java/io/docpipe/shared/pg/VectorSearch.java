package io.docpipe.shared.pg;

import io.docpipe.shared.VectorStore.SearchHit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a vector or hybrid statement under a {@link VectorSearchPlan}, inside the caller's transaction: reads the
 * corpus's size, then runs the exact or the index form of the statement, and the exact form after an index search
 * that came back short.
 */
final class VectorSearch {
  /** One of the two forms of a statement, with its values. */
  interface Runner {
    List<SearchHit> run(NamedSql sql, Map<String, Object> values) throws SQLException;
  }

  private final VectorSearchPlan plan;

  VectorSearch(VectorSearchPlan plan) {
    this.plan = plan;
  }

  /**
   * @param topK the rows the statement returns at most
   * @param nearestRows the rows its vector side wants ({@code topK}, or a hybrid search's candidates)
   */
  List<SearchHit> search(Connection c, String corpus, int topK, int nearestRows, NamedSql exact, NamedSql index,
      Map<String, Object> values, Runner runner) throws SQLException {
    long corpusRows = corpusSize(c, corpus, nearestRows);
    if (plan.exact(corpusRows)) return runner.run(exact, values);
    Map<String, Object> indexValues = new HashMap<>(values);
    indexValues.put("candidates", plan.candidatesFor(nearestRows));
    List<SearchHit> hits = runner.run(index, indexValues);
    // The iterative scan stops at hnsw.max_scan_tuples; a corpus that is a thin slice of a much larger table can run
    // out of scanned tuples before it has top_k rows. The exact scan is slower for such a corpus, but complete.
    if (hits.size() < Math.min(topK, corpusRows)) return runner.run(exact, values);
    return hits;
  }

  /** The corpus's chunk count; sets the index scan's parameters for this transaction on the way. */
  private long corpusSize(Connection c, String corpus, int nearestRows) throws SQLException {
    Map<String, Object> values = Map.of("corpus", corpus,
        "ef_search", Integer.toString(plan.efSearchFor(nearestRows)),
        "max_scan_tuples", Integer.toString(plan.maxScanTuples()));
    try (PreparedStatement ps = SearchSql.CORPUS_SIZE.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
