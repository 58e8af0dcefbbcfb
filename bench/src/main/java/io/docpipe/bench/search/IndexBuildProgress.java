package io.docpipe.bench.search;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints an index build's progress every 20 seconds from {@code pg_stat_progress_create_index} (pgvector reports the
 * tuples it has put into the graph), on a connection of its own, since the building one is busy.
 */
final class IndexBuildProgress implements AutoCloseable {
  private static final long EVERY_SECONDS = 20;

  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread thread;

  private IndexBuildProgress(BenchCluster cluster, Dataset dataset, String index, long rows, PrintStream out) {
    this.thread = Thread.ofPlatform().daemon().name("index-progress").start(() -> {
      try (Connection c = cluster.connect(dataset); Statement s = c.createStatement()) {
        while (!done.await(EVERY_SECONDS, TimeUnit.SECONDS)) {
          try (ResultSet rs = s.executeQuery(
              "SELECT phase, tuples_done, tuples_total FROM pg_stat_progress_create_index WHERE relid = 'chunks'::regclass")) {
            if (rs.next()) {
              // pgvector counts the tuples it has added but reports no total; the table's rows are the total.
              out.printf(Locale.ROOT, "%s: building %s: %s, %,d of %,d tuples%n", dataset, index, rs.getString(1),
                  rs.getLong(2), rs.getLong(3) > 0 ? rs.getLong(3) : rows);
            }
          }
        }
      } catch (SQLException e) {
        out.println(dataset + ": no build progress (" + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  static IndexBuildProgress watch(BenchCluster cluster, Dataset dataset, String index, long rows, PrintStream out) {
    return new IndexBuildProgress(cluster, dataset, index, rows, out);
  }

  @Override
  public void close() {
    done.countDown();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
