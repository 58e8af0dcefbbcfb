package io.docpipe.local.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTest {
  @TempDir
  static Path directory;
  private static Path dataDir;
  private static PostgresCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    // JUnit makes temporary directories private to us; as root the postgres user must be able to enter this one.
    openToOthers(directory);
    dataDir = directory.resolve("pg");
    cluster = Timed.start("PostgreSQL (initdb + start)", () -> PostgresCluster.builder()
        .dataDirectory(dataDir).database("smoke").setting("work_mem", "5MB").start());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void pgvector_hnswCosineQuery_returnsNearestFirstThroughTheIndex() throws SQLException {
    try (Connection c = connect(cluster); Statement s = c.createStatement()) {
      // Arrange
      s.execute("CREATE EXTENSION IF NOT EXISTS vector");
      s.execute("CREATE TABLE items (id int PRIMARY KEY, embedding vector(3))");
      s.execute("INSERT INTO items VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0.9,0.1,0]'), (4, '[0,0,1]')");
      s.execute("CREATE INDEX items_embedding_hnsw ON items USING hnsw (embedding vector_cosine_ops)");
      s.execute("SET enable_seqscan = off");
      String query = "SELECT id FROM items ORDER BY embedding <=> '[1,0.05,0]' LIMIT 2";

      // Act
      List<Integer> ids = ints(s.executeQuery(query));
      String plan = String.join("\n", strings(s.executeQuery("EXPLAIN " + query)));

      // Assert
      assertThat(ids).containsExactly(1, 3);
      assertThat(plan).contains("items_embedding_hnsw");
    }
  }

  @Test
  void setting_isPassedToTheServer_overItsDefaults() throws SQLException {
    try (Connection c = connect(cluster); Statement s = c.createStatement()) {
      assertThat(strings(s.executeQuery("SHOW work_mem"))).containsExactly("5MB");
    }
  }

  @Test
  void setting_withANameThatIsNoParameterName_isRefused() {
    assertThatThrownBy(() -> PostgresCluster.builder().setting("work_mem=1GB -c fsync", "on"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setting name");
  }

  @Test
  void jdbcUrl_pointsAtTheRequestedDatabaseOnLoopback() {
    assertThat(cluster.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/smoke");
    assertThat(cluster.user()).isEqualTo("postgres");
    assertThat(cluster.password()).isEmpty();
  }

  @Test
  void start_afterAKilledRun_removesTheStalePidFileAndReusesTheCluster(@TempDir Path other) throws Exception {
    // Arrange: a cluster that ran once, then a postmaster.pid naming a process that no longer exists.
    openToOthers(other);
    Path reused = other.resolve("pg");
    PostgresCluster.builder().dataDirectory(reused).database("first").start().close();
    Path pidFile = reused.resolve("postmaster.pid");
    Files.writeString(pidFile, deadPid() + "\n" + reused + "\n");

    // Act
    PostgresCluster restarted = Timed.start("PostgreSQL (existing cluster, stale pid file)",
        () -> PostgresCluster.builder().dataDirectory(reused).database("second").start());

    // Assert
    try (restarted; Connection c = connect(restarted); Statement s = c.createStatement()) {
      assertThat(strings(s.executeQuery("SELECT datname FROM pg_database")))
          .contains("first", "second");
    }
  }

  @Test
  void start_asRootInADirectoryPostgresCannotEnter_movesTheClusterUnderTmp(@TempDir Path privateDir) throws Exception {
    assumeTrue(new UnixSystem().getUid() == 0, "only root has to hand the cluster to the postgres user");
    // Arrange: JUnit's temporary directory is mode 700, as a checkout under /root would be.
    Path requested = privateDir.resolve("pg");

    // Act
    PostgresCluster moved = PostgresCluster.builder().dataDirectory(requested).database("moved").start();

    // Assert
    try (moved; Connection c = connect(moved)) {
      assertThat(moved.dataDirectory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")))
          .endsWith(Path.of("pg"));
      assertThat(c.isValid(2)).isTrue();
    } finally {
      deleteTree(moved.dataDirectory().getParent());
    }
  }

  @Test
  void binDirectory_fromEnv_prefersPgBin() {
    assertThat(PostgresCluster.Builder.binDirectory(Map.of("PG_BIN", "/opt/pg/bin"))).isEqualTo(Path.of("/opt/pg/bin"));
    assertThat(PostgresCluster.Builder.binDirectory(Map.of())).isEqualTo(Path.of(PostgresCluster.DEFAULT_BIN));
  }

  @Test
  void database_withUnsafeName_isRejectedNamingTheArgument() {
    assertThatThrownBy(() -> PostgresCluster.builder().database("x\"; DROP"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
  }

  static Connection connect(PostgresCluster cluster) throws SQLException {
    return DriverManager.getConnection(cluster.jdbcUrl(), cluster.user(), cluster.password());
  }

  private static void openToOthers(Path dir) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  private static List<Integer> ints(ResultSet rows) throws SQLException {
    List<Integer> values = new ArrayList<>();
    while (rows.next()) values.add(rows.getInt(1));
    return values;
  }

  private static List<String> strings(ResultSet rows) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rows.next()) values.add(rows.getString(1));
    return values;
  }
}
