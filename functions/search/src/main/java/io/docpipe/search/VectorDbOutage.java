package io.docpipe.search;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.lambda.HttpResponses;
import io.docpipe.shared.pg.PgVectorStore;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Map;

/**
 * The vector database cannot be reached (down, restarting, or shutting down): the client should come back later, so
 * search answers 503 with {@code Retry-After} instead of a 500 that reads as a bug.
 */
final class VectorDbOutage {
  static final int RETRY_AFTER_SECONDS = 5;
  private static final String TYPE = "vector-db-unavailable";

  private VectorDbOutage() {}

  /**
   * Whether {@code e} was caused by a lost or refused connection: SQLSTATE class 08 (connection exception), 57P01-03
   * (the server is shutting down or starting), or a refused TCP connect.
   */
  static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return true;
      String state = state(t);
      if (state != null && (state.startsWith("08") || state.matches("57P0[123]"))) return true;
    }
    return false;
  }

  /** The SQLSTATE that made {@link #is} true, or "none" for a refused connect without one. */
  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String state = state(t);
      if (state != null) return state;
    }
    return "none";
  }

  /** The store's own exception keeps only the SQLSTATE (its JDBC cause could quote row data, so it has none). */
  private static String state(Throwable t) {
    if (t instanceof PgVectorStore.VectorStoreException store) return store.sqlState();
    return t instanceof SQLException sql ? sql.getSQLState() : null;
  }

  static APIGatewayV2HTTPResponse problem() {
    return HttpResponses.problem(503, TYPE, "Vector database unavailable",
        "the vector database cannot be reached; try again after Retry-After seconds", null,
        Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
  }

  static boolean isProblem(APIGatewayV2HTTPResponse response) {
    return response.getStatusCode() == 503 && response.getBody() != null && response.getBody().contains("/" + TYPE);
  }
}
