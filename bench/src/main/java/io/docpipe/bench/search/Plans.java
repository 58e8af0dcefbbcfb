package io.docpipe.bench.search;

import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.pg.VectorSearchPlan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plans the benchmark compares, by name. {@code chosen} is production's ({@link PgVectorStore} with its default
 * {@link VectorSearchPlan}); the others are production's code with another plan, or the search as it was before.
 */
final class Plans {
  static final String CHOSEN = "chosen";
  static final List<String> DEFAULT = List.of("before", "exact", "index", CHOSEN);
  /** {@code index-ef100-c40}: every corpus through the index, with that ef_search and that many candidates. */
  private static final Pattern INDEX_TUNED = Pattern.compile("index-ef(\\d+)-c(\\d+)");

  private Plans() {}

  /** A plan ready to search, with the scheduler statistics of the server process that runs its statements. */
  record Open(String name, Searcher searcher, CpuWaits waits) {}

  static Open open(String name, VectorDbConfig config) throws SQLException {
    if (name.equals("before")) {
      PlannersChoiceSearch search = new PlannersChoiceSearch(config);
      return new Open(name, search, new CpuWaits(search.backendPid()));
    }
    Matcher tuned = INDEX_TUNED.matcher(name);
    VectorSearchPlan plan = tuned.matches()
        ? VectorSearchPlan.DEFAULT.withExactScanMaxRows(0)
            .withEfSearch(Integer.parseInt(tuned.group(1))).withCandidates(Integer.parseInt(tuned.group(2)))
        : switch (name) {
          case "exact" -> VectorSearchPlan.exactOnly();
          case "index" -> VectorSearchPlan.DEFAULT.withExactScanMaxRows(0);
          case CHOSEN -> VectorSearchPlan.DEFAULT;
          default -> throw new IllegalArgumentException("no plan named '" + name + "'");
        };
    PgVectorStore store = new PgVectorStore(config, plan);
    // The store opens its connection on first use; the backend that appears then is the one serving it.
    Set<Long> before = storeBackends(config);
    store.search("bench-no-such-corpus", new float[config.dimension()], 1);
    Set<Long> added = storeBackends(config);
    added.removeAll(before);
    return new Open(name, store::search, new CpuWaits(added.size() == 1 ? added.iterator().next() : -1));
  }

  /** The server processes of PgVectorStore connections (application name docpipe) to this database. */
  private static Set<Long> storeBackends(VectorDbConfig config) throws SQLException {
    Set<Long> pids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password().get());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity "
            + "WHERE application_name = 'docpipe' AND datname = current_database()")) {
      while (rs.next()) pids.add(rs.getLong(1));
    }
    return pids;
  }

  static void validate(String name) {
    if (!DEFAULT.contains(name) && !INDEX_TUNED.matcher(name).matches()) {
      throw new IllegalArgumentException("no plan named '" + name + "' (before, exact, index, chosen, index-ef<n>-c<n>)");
    }
  }

}
