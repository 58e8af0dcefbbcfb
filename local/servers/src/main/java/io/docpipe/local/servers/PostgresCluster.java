package io.docpipe.local.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL cluster run as a child process: created with initdb on first use, kept across runs, reachable
 * only on 127.0.0.1 with trust authentication. It is a throwaway development cluster, so it runs with fsync off.
 *
 * <p>As root it runs as the {@code postgres} OS user (PostgreSQL refuses root). Binaries come from {@code PG_BIN},
 * else {@value #DEFAULT_BIN}; the cluster needs the pgvector extension installed there.
 */
public final class PostgresCluster implements AutoCloseable {
  static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

  private final Process postmaster;
  private final PgLayout layout;
  private final int port;
  private final PgAdmin admin;
  private final String database;
  private final boolean dropDatabaseOnClose;
  private final Duration stopTimeout;

  private PostgresCluster(Process postmaster, PgLayout layout, int port, Builder builder) {
    this.postmaster = postmaster;
    this.layout = layout;
    this.port = port;
    this.admin = new PgAdmin(port);
    this.database = builder.database;
    this.dropDatabaseOnClose = builder.dropDatabaseOnClose;
    this.stopTimeout = builder.stopTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
  public String jdbcUrl() {
    return admin.jdbcUrl(database);
  }

  public String user() {
    return PgAdmin.USER;
  }

  /** Empty: trust authentication, on the loopback interface only. */
  public String password() {
    return "";
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  /** Where the cluster actually lives: the requested directory, or its stand-in when root had to move it. */
  public Path dataDirectory() {
    return layout.dataDir();
  }

  /** Whether the postmaster still runs (it may have been stopped by a signal that did not reach this JVM). */
  public boolean running() {
    return postmaster.isAlive();
  }

  /** The postmaster's process id, e.g. for a test that kills it. */
  public long pid() {
    return postmaster.pid();
  }

  @Override
  public void close() {
    if (!postmaster.isAlive()) return;
    if (dropDatabaseOnClose) {
      try {
        admin.dropDatabase(database);
      } catch (SQLException e) {
        LOG.warn("could not drop database {}: {}", database, e.getMessage());
      }
    }
    Postmasters.stop(postmaster.toHandle(), stopTimeout);
  }

  private void awaitConnections(Instant deadline) {
    while (Instant.now().isBefore(deadline)) {
      if (!postmaster.isAlive()) {
        String log = layout.logTail();
        String message = "PostgreSQL exited with " + postmaster.exitValue() + " while starting; see "
            + layout.logFile() + ":\n" + log;
        // Another JVM started a postmaster here between our stale-pid check and our start, or one that stopped still
        // has backends attached to its shared memory (seen with three test JVMs starting clusters at once).
        if (log.contains("lock file \"postmaster.pid\" already exists")
            || log.contains("pre-existing shared memory block")) {
          throw new Postmasters.InUseException(message);
        }
        throw new IllegalStateException(message);
      }
      if (admin.accepts()) return;
      // Waits on the process rather than on a clock, so a crash ends the wait at once.
      awaitExit(Duration.ofMillis(25));
    }
    // The log's tail goes into the message: a test's cluster lives in a temporary directory that is gone by the time
    // anyone reads the report.
    throw new IllegalStateException("PostgreSQL did not accept connections on port " + port + " before the deadline;"
        + " see " + layout.logFile() + ":\n" + layout.logTail());
  }

  private void awaitExit(Duration duration) {
    try {
      postmaster.onExit().get(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Still running (or its exit shows on the next check): poll again.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
    }
  }

  /**
   * Deletes the cluster a builder given {@code dataDirectory} would start (its data, socket directory and log, also
   * where {@link PgLayout#resolve} moved it); it must not be running. The next start initialises a new one.
   */
  public static void delete(Path dataDirectory) {
    PgLayout layout = PgLayout.resolve(dataDirectory, RunAs.detect());
    for (Path path : List.of(layout.dataDir(), layout.socketDir(), layout.logFile())) Trees.delete(path);
  }

  /** Options for {@link #start()}; only the data directory is required. */
  public static final class Builder {
    private Path dataDirectory;
    private int port;
    private String database = "docpipe";
    private Path binDirectory = binDirectory(System.getenv());
    private boolean dropDatabaseOnClose;
    // initdb and the first start on a loaded 2-core machine took more than a minute (a make test beside a soak).
    private Duration startTimeout = Duration.ofMinutes(3);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private final Map<String, String> settings = new java.util.LinkedHashMap<>();

    private Builder() {}

    /**
     * A server parameter for this start ({@code -c name=value}), over the small defaults a test cluster runs with;
     * e.g. a benchmark's {@code shared_buffers}, so its working set is cached as a production server's would be.
     */
    public Builder setting(String name, String value) {
      if (name == null || !SETTING_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("setting name must match " + SETTING_NAME + ", was " + name);
      }
      if (value == null || value.isBlank()) throw new IllegalArgumentException("setting " + name + " needs a value");
      settings.put(name, value);
      return this;
    }

    /** Where the cluster lives; created and initialized on first start, reused afterwards. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /** The TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
      this.port = port;
      return this;
    }

    /** The database {@link #jdbcUrl()} points at, created if missing. */
    public Builder database(String database) {
      if (database == null || !DATABASE_NAME.matcher(database).matches()) {
        throw new IllegalArgumentException("database must match " + DATABASE_NAME + ", was " + database);
      }
      this.database = database;
      return this;
    }

    public Builder binDirectory(Path binDirectory) {
      this.binDirectory = Objects.requireNonNull(binDirectory, "binDirectory");
      return this;
    }

    /** For a per-run test database: dropped (connections and all) when the cluster closes. */
    public Builder dropDatabaseOnClose(boolean drop) {
      this.dropDatabaseOnClose = drop;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
      return this;
    }

    /** {@code PG_BIN} from {@code env}, else {@value PostgresCluster#DEFAULT_BIN}. */
    static Path binDirectory(Map<String, String> env) {
      String bin = env.get("PG_BIN");
      return Path.of(bin == null || bin.isBlank() ? DEFAULT_BIN : bin);
    }

    /** Initializes the cluster if needed, starts it, and returns once the database accepts connections. */
    public PostgresCluster start() {
      if (dataDirectory == null) throw new IllegalStateException("dataDirectory is required");
      if (!Files.isExecutable(binDirectory.resolve("postgres"))) {
        throw new IllegalStateException("no PostgreSQL binaries in " + binDirectory + "; set PG_BIN");
      }
      Instant deadline = Instant.now().plus(startTimeout);
      RunAs runAs = RunAs.detect();
      PgLayout layout = PgLayout.resolve(dataDirectory, runAs);
      Postmasters.clearStale(layout.dataDir(), stopTimeout);
      PgProcesses tools = new PgProcesses(binDirectory, runAs, layout);
      if (!layout.isInitialized()) tools.initdb(PgAdmin.USER, startTimeout);
      int chosen = FreePort.orFree(port);
      PostgresCluster cluster = new PostgresCluster(tools.startPostmaster(chosen, settings), layout, chosen, this);
      try {
        cluster.awaitConnections(deadline);
        cluster.admin.createDatabaseIfMissing(database);
        return cluster;
      } catch (RuntimeException | SQLException e) {
        Postmasters.stop(cluster.postmaster.toHandle(), stopTimeout);
        if (e instanceof RuntimeException r) throw r;
        throw new IllegalStateException("cannot create database " + database, e);
      }
    }
  }
}
