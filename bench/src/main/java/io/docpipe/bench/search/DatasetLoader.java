package io.docpipe.bench.search;

import io.docpipe.migrations.SchemaMigrator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills a dataset's database: a new database, the real migrations, then the rows by COPY with the migrations' secondary
 * indexes dropped, and those indexes built again afterwards from their own definitions (building an HNSW graph once is
 * far faster than inserting 200,000 rows into it). A table loaded by an earlier run with the same layout, seed and
 * migrations is kept.
 */
final class DatasetLoader {
  private static final int ROWS_PER_COPY = 10_000;
  /** Bump when the generated rows change in a way the fingerprint's other parts do not show. */
  private static final String ROWS_VERSION = "rows-1";

  private final BenchCluster cluster;
  private final CorpusLayout layout;
  private final long seed;
  private final PrintStream out;

  DatasetLoader(BenchCluster cluster, CorpusLayout layout, long seed, PrintStream out) {
    this.cluster = cluster;
    this.layout = layout;
    this.seed = seed;
    this.out = out;
  }

  /** What loading took, from this run or the run that loaded the kept table. */
  record Load(boolean reused, double loadSeconds, double indexSeconds, Map<String, Long> sizes) {}

  Load ensureLoaded(Dataset dataset, boolean reload) throws SQLException {
    if (!reload && cluster.exists(dataset)) {
      SchemaMigrator.migrate(cluster.config(dataset));
      Load kept = kept(dataset);
      if (kept != null) {
        out.printf(Locale.ROOT, "%s: reusing the table loaded earlier (BENCH_RELOAD=1 loads it again)%n", dataset);
        return kept;
      }
    }
    cluster.recreate(dataset);
    SchemaMigrator.migrate(cluster.config(dataset));
    try (Connection c = cluster.connect(dataset)) {
      String fingerprint = fingerprint(c, dataset);
      Map<String, String> indexes = secondaryIndexes(c);
      execute(c, "DROP INDEX " + String.join(", ", indexes.keySet()));
      if (dataset.schemaChange() != null) execute(c, dataset.schemaChange());
      indexes.replaceAll((name, definition) -> dataset.indexDefinition(definition));
      long start = System.nanoTime();
      copyRows(c, dataset);
      double loadSeconds = seconds(start);
      start = System.nanoTime();
      buildIndexes(c, dataset, indexes);
      execute(c, "VACUUM ANALYZE chunks");
      double indexSeconds = seconds(start);
      Load load = new Load(false, loadSeconds, indexSeconds, sizes(c));
      execute(c, "CREATE TABLE bench_dataset (fingerprint text NOT NULL, load_seconds float8 NOT NULL, "
          + "index_seconds float8 NOT NULL)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_dataset VALUES (?, ?, ?)")) {
        ps.setString(1, fingerprint);
        ps.setDouble(2, loadSeconds);
        ps.setDouble(3, indexSeconds);
        ps.executeUpdate();
      }
      return load;
    }
  }

  /** What the table was loaded from: the generator, the layout, and the migrations applied (a new one reloads). */
  private String fingerprint(Connection c, Dataset dataset) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT string_agg(version || ':' || checksum, ',' ORDER BY installed_rank) FROM flyway_schema_history")) {
      rs.next();
      return String.join(" ", ROWS_VERSION, "seed=" + seed, "dataset=" + dataset,
          "layout=" + layout.corpora().hashCode(), "migrations=" + rs.getString(1));
    }
  }

  private Load kept(Dataset dataset) throws SQLException {
    try (Connection c = cluster.connect(dataset); Statement s = c.createStatement()) {
      String fingerprint = fingerprint(c, dataset);
      try (ResultSet exists = s.executeQuery("SELECT to_regclass('bench_dataset') IS NOT NULL")) {
        exists.next();
        if (!exists.getBoolean(1)) return null;
      }
      try (ResultSet rs = s.executeQuery("SELECT fingerprint, load_seconds, index_seconds FROM bench_dataset")) {
        if (!rs.next() || !rs.getString(1).equals(fingerprint)) return null;
        return new Load(true, rs.getDouble(2), rs.getDouble(3), sizes(c));
      }
    }
  }

  /** Every index of chunks but its primary key, by name, with its definition. */
  private static Map<String, String> secondaryIndexes(Connection c) throws SQLException {
    Map<String, String> indexes = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'chunks' AND indexname <> 'chunks_pkey' ORDER BY 1")) {
      while (rs.next()) indexes.put(rs.getString(1), rs.getString(2));
    }
    return indexes;
  }

  private void copyRows(Connection c, Dataset dataset) throws SQLException {
    ChunkRows rows = new ChunkRows(layout, new ClusteredVectors(dataset.dimension(), seed), new ChunkText(seed));
    List<ChunkRows.Place> order = rows.loadOrder(seed);
    long start = System.nanoTime();
    for (int from = 0; from < order.size(); from += ROWS_PER_COPY) {
      CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY chunks (" + ChunkRows.COLUMNS + ") FROM STDIN");
      try {
        for (ChunkRows.Place place : order.subList(from, Math.min(order.size(), from + ROWS_PER_COPY))) {
          byte[] line = rows.copyLine(place).getBytes(StandardCharsets.UTF_8);
          copy.writeToCopy(line, 0, line.length);
        }
        copy.endCopy();
      } finally {
        if (copy.isActive()) copy.cancelCopy();
      }
      int done = Math.min(order.size(), from + ROWS_PER_COPY);
      double elapsed = seconds(start);
      out.printf(Locale.ROOT, "%s: loaded %,d of %,d rows (%d%%) in %.0f s, %,.0f rows/s, about %.0f s left%n", dataset,
          done, order.size(), done * 100L / order.size(), elapsed, done / elapsed,
          (order.size() - done) / (done / elapsed));
    }
  }

  private void buildIndexes(Connection c, Dataset dataset, Map<String, String> indexes) throws SQLException {
    // The graph must fit in maintenance_work_mem, or pgvector builds the rest of it on disk, many times slower.
    execute(c, "SET maintenance_work_mem = '4GB'");
    for (Map.Entry<String, String> index : indexes.entrySet()) {
      long start = System.nanoTime();
      out.printf(Locale.ROOT, "%s: building %s ...%n", dataset, index.getKey());
      try (IndexBuildProgress progress = IndexBuildProgress.watch(cluster, dataset, index.getKey(),
          layout.totalRows(), out)) {
        execute(c, index.getValue());
      }
      out.printf(Locale.ROOT, "%s: built %s in %.0f s%n", dataset, index.getKey(), seconds(start));
    }
  }

  private static Map<String, Long> sizes(Connection c) throws SQLException {
    Map<String, Long> sizes = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
        SELECT 'table', pg_relation_size('chunks')
        UNION ALL SELECT 'toast', pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'chunks'
        UNION ALL SELECT 'hnsw_index', pg_relation_size('chunks_embedding_hnsw')""")) {
      while (rs.next()) sizes.put(rs.getString(1), rs.getLong(2));
    }
    return sizes;
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
