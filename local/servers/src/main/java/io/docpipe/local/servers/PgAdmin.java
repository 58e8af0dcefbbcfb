package io.docpipe.local.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Superuser JDBC calls on a private cluster, through its maintenance database {@code postgres}. */
final class PgAdmin {
  static final String USER = "postgres";

  private final int port;

  PgAdmin(int port) {
    this.port = port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Whether the server accepts connections yet; while it starts up, it refuses them. */
  boolean accepts() {
    try (Connection ignored = connect()) {
      return true;
    } catch (SQLException e) {
      // Not a server still starting: without the driver every try fails the same way, and waiting only hides it.
      if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
        throw new IllegalStateException("no PostgreSQL JDBC driver on the classpath", e);
      }
      return false;
    }
  }

  /** {@code name} must already be a safe identifier: CREATE DATABASE takes no bind parameters. */
  void createDatabaseIfMissing(String name) throws SQLException {
    try (Connection c = connect();
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      if (exists.executeQuery().next()) return;
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name + "\"");
      }
    }
  }

  void dropDatabase(String name) throws SQLException {
    try (Connection c = connect(); Statement drop = c.createStatement()) {
      // FORCE: pools that tests left open must not keep a throwaway database alive.
      drop.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", "");
    properties.setProperty("connectTimeout", "2");
    return DriverManager.getConnection(jdbcUrl("postgres"), properties);
  }
}
