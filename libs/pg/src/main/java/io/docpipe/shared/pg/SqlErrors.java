package io.docpipe.shared.pg;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Describes a database error without row data. PostgreSQL's JDBC exceptions quote what they can: a batch entry's
 * statement with its parameter values, the server's detail ({@code Key (chunk_id)=(...)}), context
 * ({@code unnamed portal parameter $7 = '...'}), even its primary message ({@code invalid input syntax for type
 * vector: "[...]"}). Chunk text is page content, which never reaches a log. So the description holds only the
 * SQLState, its class's name and the identifiers the server names (routine, table, column, constraint).
 */
final class SqlErrors {
  /** SQLState classes, https://www.postgresql.org/docs/current/errcodes-appendix.html */
  private static final Map<String, String> CLASSES = Map.ofEntries(
      Map.entry("08", "connection exception"), Map.entry("22", "data exception"),
      Map.entry("23", "integrity constraint violation"), Map.entry("25", "invalid transaction state"),
      Map.entry("28", "invalid authorization"), Map.entry("40", "transaction rollback"),
      Map.entry("42", "syntax error or access rule violation"), Map.entry("53", "insufficient resources"),
      Map.entry("54", "program limit exceeded"), Map.entry("57", "operator intervention"),
      Map.entry("58", "system error"), Map.entry("XX", "internal error"));
  /** How far down getNextException and getCause are followed for the server's own error. */
  private static final int MAX_CHAIN = 8;

  private SqlErrors() {}

  static String describe(SQLException e) {
    ServerErrorMessage server = serverError(e);
    String state = server != null && server.getSQLState() != null ? server.getSQLState() : e.getSQLState();
    List<String> parts = new ArrayList<>();
    parts.add(e.getClass().getSimpleName());
    parts.add("SQLState " + (state == null ? "unknown" : state));
    String kind = state == null || state.length() < 2 ? null : CLASSES.get(state.substring(0, 2));
    if (kind != null) parts.add(kind);
    if (server != null) {
      add(parts, "routine", server.getRoutine());
      add(parts, "table", server.getTable());
      add(parts, "column", server.getColumn());
      add(parts, "constraint", server.getConstraint());
    }
    return "vector store: " + String.join(", ", parts);
  }

  /** The server's structured error, from the exception, the batch's next exceptions or the causes. */
  private static ServerErrorMessage serverError(SQLException e) {
    Throwable current = e;
    for (int i = 0; current != null && i < MAX_CHAIN; i++) {
      if (current instanceof PSQLException p && p.getServerErrorMessage() != null) return p.getServerErrorMessage();
      Throwable next = current instanceof SQLException s && s.getNextException() != null ? s.getNextException()
          : current.getCause();
      current = next == current ? null : next;
    }
    return null;
  }

  private static void add(List<String> parts, String name, String value) {
    if (value != null && !value.isBlank()) parts.add(name + " " + value);
  }
}
