package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a private cluster keeps its files: the data directory, and beside it the socket directory and the server log
 * ({@code <name>.run}, {@code <name>.log}), so nothing goes to /var/run/postgresql, which a normal user cannot write.
 */
record PgLayout(Path dataDir, Path socketDir, Path logFile) {
  private static final Logger LOG = LoggerFactory.getLogger(PgLayout.class);
  // sockaddr_un holds 108 bytes; PostgreSQL appends "/.s.PGSQL.<port>" to the directory.
  private static final int MAX_SOCKET_DIR_LENGTH = 107 - "/.s.PGSQL.65535".length();

  static PgLayout of(Path dataDir) {
    Path data = dataDir.toAbsolutePath().normalize();
    String name = data.getFileName().toString();
    return new PgLayout(data, data.resolveSibling(name + ".run"), data.resolveSibling(name + ".log"));
  }

  /**
   * The layout for {@code requested}, with its parent created. When the tools' user cannot reach that parent (as root,
   * a checkout under /root), the cluster moves to a directory under java.io.tmpdir named after the requested path,
   * so each requested path still gets one cluster that later runs find again.
   */
  static PgLayout resolve(Path requested, RunAs runAs) {
    PgLayout layout = of(requested);
    createDirectories(layout.dataDir().getParent());
    if (runAs.canEnter(layout.dataDir().getParent())) return layout;
    Path base = Path.of(System.getProperty("java.io.tmpdir")).resolve("docpipe-pg-" + hash(layout.dataDir()));
    PgLayout moved = of(base.resolve(layout.dataDir().getFileName()));
    createDirectories(base);
    LOG.warn("the '{}' user cannot reach {}; keeping this PostgreSQL cluster in {} instead", RunAs.POSTGRES_USER,
        layout.dataDir(), moved.dataDir());
    return moved;
  }

  /** The {@code -k} value: the socket directory, or none when its path is too long for a Unix socket. */
  String socketDirectoryOption() {
    return socketDir.toString().length() <= MAX_SOCKET_DIR_LENGTH ? socketDir.toString() : "";
  }

  /** The end of the server log, for an error message when the server would not start. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  boolean isInitialized() {
    return Files.isRegularFile(dataDir.resolve("PG_VERSION"));
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static String hash(Path path) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
