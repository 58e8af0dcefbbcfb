package io.docpipe.local.servers.otlp;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent log records, oldest dropped past {@code capacity}. */
final class LogStore {
  private final int capacity;
  private final ArrayDeque<ReceivedLog> logs = new ArrayDeque<>();

  LogStore(int capacity) {
    this.capacity = capacity;
  }

  synchronized void addAll(List<ReceivedLog> received) {
    for (ReceivedLog log : received) {
      logs.addLast(log);
      if (logs.size() > capacity) logs.removeFirst();
    }
  }

  synchronized List<ReceivedLog> all() {
    return List.copyOf(logs);
  }

  synchronized void clear() {
    logs.clear();
  }
}
