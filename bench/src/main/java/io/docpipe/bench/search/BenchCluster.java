package io.docpipe.bench.search;

import io.docpipe.local.servers.PostgresCluster;
import io.docpipe.shared.pg.VectorDbConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's own PostgreSQL cluster, kept in {@code .local/bench-pg} across runs so a later run can reuse the
 * loaded tables. It runs with a cache that holds the whole working set (the largest table and its indexes are about
 * 2 GB), as a production database's does; the test clusters' 64 MB would measure reads from the OS page cache.
 */
final class BenchCluster implements AutoCloseable {
  static final String SHARED_BUFFERS = "3GB";

  private final PostgresCluster cluster;

  private BenchCluster(PostgresCluster cluster) {
    this.cluster = cluster;
  }

  static BenchCluster start(Path dataDirectory) {
    return new BenchCluster(PostgresCluster.builder()
        .dataDirectory(dataDirectory)
        .database("postgres")
        .setting("shared_buffers", SHARED_BUFFERS)
        // Index builds run with the graph in memory (the session raises maintenance_work_mem); two cores.
        .setting("max_parallel_maintenance_workers", "1")
        // The load's checkpoints are not what is measured.
        .setting("max_wal_size", "8GB")
        .start());
  }

  /** The dataset's database, which must exist. */
  VectorDbConfig config(Dataset dataset) {
    return new VectorDbConfig("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/" + dataset.database(),
        cluster.user(), cluster::password, dataset.dimension());
  }

  boolean exists(Dataset dataset) throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + dataset.database() + "'")) {
      return rs.next();
    }
  }

  /** Drops the dataset's database, if any, and creates it empty. */
  void recreate(Dataset dataset) throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + dataset.database() + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + dataset.database());
    }
  }

  Connection connect(Dataset dataset) throws SQLException {
    VectorDbConfig config = config(dataset);
    return DriverManager.getConnection(config.url(), config.user(), config.password().get());
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(cluster.jdbcUrl(), cluster.user(), cluster.password());
  }

  @Override
  public void close() {
    cluster.close();
  }
}
