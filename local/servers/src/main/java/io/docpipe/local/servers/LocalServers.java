package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local servers shared by every test in one JVM, each started on first use on a free port, and all stopped by a
 * shutdown hook. Integration tests call {@code LocalServers.get().sqs()} and so on, so a test class that needs only
 * the queue never waits for the model to load.
 *
 * <p>S3 objects live under {@code target/local-servers-<pid>} (or a temporary directory) and are deleted at exit.
 * PostgreSQL reuses one cluster in {@code <repo>/.local/test-pg} across runs (a JVM running in parallel takes
 * {@code test-pg-1} and so on), with a fresh database per JVM that is dropped at exit.
 */
public final class LocalServers {
  private static final Logger LOG = LoggerFactory.getLogger(LocalServers.class);
  private static final String TEST_DATABASE_PREFIX = "test_";
  private static final int MAX_POSTGRES_SLOT = 7;

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Lazy<ElasticMqServer> sqs = new Lazy<>("ElasticMQ", () -> ElasticMqServer.start(0));
  private final Lazy<S3ProxyServer> s3 = new Lazy<>("S3Proxy", this::startS3);
  private final Lazy<DynamoDbLocalServer> dynamo = new Lazy<>("DynamoDB Local", () -> DynamoDbLocalServer.start(0));
  private final Lazy<PostgresCluster> postgres = new Lazy<>("PostgreSQL", LocalServers::startPostgres);
  private final Lazy<EmbeddingServer> embeddings = new Lazy<>("EmbeddingServer",
      () -> EmbeddingServer.builder().start());

  private LocalServers() {
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("local-servers-shutdown").unstarted(this::closeAll));
  }

  public static LocalServers get() {
    return Holder.INSTANCE;
  }

  public ElasticMqServer sqs() {
    return sqs.get();
  }

  public S3ProxyServer s3() {
    return s3.get();
  }

  public DynamoDbLocalServer dynamo() {
    return dynamo.get();
  }

  /** The shared cluster; {@link PostgresCluster#jdbcUrl()} points at this JVM's own {@code test_<random>} database. */
  public PostgresCluster postgres() {
    return postgres.get();
  }

  public EmbeddingServer embeddings() {
    return embeddings.get();
  }

  private S3ProxyServer startS3() {
    Path directory = workDir();
    S3ProxyServer server = S3ProxyServer.start(0, directory.resolve("s3"));
    // Registered before the server itself, so the hook (newest first) deletes the objects once S3Proxy has stopped.
    register(() -> deleteTree(directory));
    return server;
  }

  private synchronized void register(AutoCloseable server) {
    started.push(server);
  }

  private synchronized void closeAll() {
    // Newest first; one server failing to stop must not keep the others (above all PostgreSQL) running.
    while (!started.isEmpty()) {
      AutoCloseable server = started.pop();
      try {
        server.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}: {}", server.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /**
   * Starts the cluster in {@code .local/test-pg}, or in {@code test-pg-1}, {@code -2}... when another JVM (a parallel
   * module build) runs that one, so parallel builds work and each slot is still reused across runs.
   */
  private static PostgresCluster startPostgres() {
    String database = TEST_DATABASE_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    for (int slot = 0; ; slot++) {
      Path dataDir = repoRoot().resolve(".local").resolve(slot == 0 ? "test-pg" : "test-pg-" + slot);
      try {
        PostgresCluster cluster = PostgresCluster.builder()
            .dataDirectory(dataDir).database(database).dropDatabaseOnClose(true).start();
        dropLeftoverTestDatabases(cluster);
        return cluster;
      } catch (Postmasters.InUseException e) {
        if (slot == MAX_POSTGRES_SLOT) throw e;
        LOG.info("{}; trying the next slot", e.getMessage());
      }
    }
  }

  /**
   * Drops the databases of JVMs that were killed before their shutdown hook ran. Any other JVM still using this
   * cluster would own its postmaster, and the start above would have refused, so every other test database is
   * left over.
   */
  private static void dropLeftoverTestDatabases(PostgresCluster cluster) {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), cluster.user(), cluster.password());
        Statement s = c.createStatement()) {
      List<String> leftovers = new ArrayList<>();
      // The prefix's underscore is escaped: in LIKE it would match any character.
      try (ResultSet rows = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '"
          + TEST_DATABASE_PREFIX.replace("_", "\\_") + "%' AND datname <> current_database()")) {
        while (rows.next()) leftovers.add(rows.getString(1));
      }
      for (String name : leftovers) s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
      if (!leftovers.isEmpty()) LOG.info("dropped {} test databases left by killed runs", leftovers.size());
    } catch (SQLException e) {
      LOG.warn("could not drop leftover test databases: {}", e.getMessage());
    }
  }

  private static Path repoRoot() {
    String root = System.getProperty("docpipe.repo.root");
    return Path.of(root == null || root.isBlank() ? System.getProperty("user.dir") : root);
  }

  /** Under the module's target directory when there is one, so {@code mvn clean} catches anything left behind. */
  private static Path workDir() {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    try {
      return Files.isDirectory(target)
          ? Files.createDirectories(target.resolve("local-servers-" + ProcessHandle.current().pid()))
          : Files.createTempDirectory("docpipe-local-servers-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a working directory for the local servers", e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}: {}", root, e.toString());
    }
  }

  private static final class Holder {
    static final LocalServers INSTANCE = new LocalServers();
  }

  /** Starts its server once, on the first call from any thread, and registers it for the shutdown hook. */
  private final class Lazy<T extends AutoCloseable> {
    private final String name;
    private final Supplier<T> starter;
    private volatile T value;

    Lazy(String name, Supplier<T> starter) {
      this.name = name;
      this.starter = starter;
    }

    T get() {
      T v = value;
      if (v != null) return v;
      synchronized (this) {
        if (value == null) {
          long begin = System.nanoTime();
          value = starter.get();
          register(value);
          LOG.info("{} started in {} ms", name, (System.nanoTime() - begin) / 1_000_000);
        }
        return value;
      }
    }
  }
}
