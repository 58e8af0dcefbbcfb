package io.docpipe.local.servers;


import io.docpipe.local.servers.FaultyEmbeddingServer.LoggedRequest;
import io.docpipe.local.servers.FaultyEmbeddingServer.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The requests {@link FaultyEmbeddingServer} received. An entry is added on receipt and learns its status later, so
 * a test sees a delayed or stalled request while it is still held.
 */
final class FaultyEmbeddingLog {
  private final List<Entry> entries = new ArrayList<>();

  synchronized Entry received(int inputs, boolean probe, Mode mode, FaultyEmbeddingFault fault, boolean scripted) {
    Entry entry = new Entry(new LoggedRequest(System.nanoTime(), Instant.now(), inputs, probe, LoggedRequest.PENDING,
        mode, fault, scripted));
    entries.add(entry);
    return entry;
  }

  synchronized List<LoggedRequest> snapshot() {
    return entries.stream().map(Entry::snapshot).toList();
  }

  synchronized int count(Predicate<LoggedRequest> which) {
    return (int) entries.stream().map(Entry::snapshot).filter(which).count();
  }

  synchronized void clear() {
    entries.clear();
  }

  static final class Entry {
    private final LoggedRequest received;
    private volatile int status = LoggedRequest.PENDING;

    private Entry(LoggedRequest received) {
      this.received = received;
    }

    void answered(int status) {
      this.status = status;
    }

    LoggedRequest snapshot() {
      return received.withStatus(status);
    }
  }
}
