package io.docpipe.shared.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One JDBC connection per execution environment: a Lambda environment handles one invocation at a time, so a pool
 * buys nothing, and RDS Proxy pools on the other side. A broken connection is replaced on the next call.
 */
final class Connections {
  private final VectorDbConfig config;
  private Connection connection;

  Connections(VectorDbConfig config) {
    this.config = config;
  }

  synchronized Connection get() throws SQLException {
    if (connection != null && !connection.isClosed() && connection.isValid(2)) return connection;
    close();
    Properties props = new Properties();
    props.setProperty("user", config.user());
    props.setProperty("password", config.password().get());
    // Timeouts on every external call: a stuck database must not eat the whole invocation.
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "30");
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "docpipe");
    // Keeps the server's detail and a failed batch entry's inlined parameters out of exception messages: those quote
    // rows, and rows hold page content.
    props.setProperty("logServerErrorDetail", "false");
    connection = DriverManager.getConnection(config.url(), props);
    return connection;
  }

  synchronized void close() {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a broken connection; nothing to recover
    }
    connection = null;
  }
}
