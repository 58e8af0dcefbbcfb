package io.docpipe.local.servers.otlp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent spans, oldest dropped past {@code capacity}, indexed by trace id so that a test polling for one
 * trace does not scan them all. Within a trace, spans keep the order they arrived in, so the oldest span overall is
 * always the first of its trace.
 */
final class SpanStore {
  private final int capacity;
  private final ArrayDeque<ReceivedSpan> all = new ArrayDeque<>();
  private final Map<String, ArrayDeque<ReceivedSpan>> byTrace = new HashMap<>();

  SpanStore(int capacity) {
    this.capacity = capacity;
  }

  synchronized void addAll(List<ReceivedSpan> spans) {
    for (ReceivedSpan span : spans) {
      all.addLast(span);
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayDeque<>()).addLast(span);
      if (all.size() > capacity) {
        ReceivedSpan oldest = all.removeFirst();
        ArrayDeque<ReceivedSpan> trace = byTrace.get(oldest.traceId());
        trace.removeFirst();
        if (trace.isEmpty()) byTrace.remove(oldest.traceId());
      }
    }
  }

  synchronized List<ReceivedSpan> trace(String traceId) {
    ArrayDeque<ReceivedSpan> trace = byTrace.get(traceId);
    return trace == null ? List.of() : List.copyOf(trace);
  }

  synchronized List<ReceivedSpan> all() {
    return List.copyOf(all);
  }

  synchronized void clear() {
    all.clear();
    byTrace.clear();
  }
}
