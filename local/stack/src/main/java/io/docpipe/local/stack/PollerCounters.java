package io.docpipe.local.stack;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/** The running counts behind {@link PollerStats}, updated by the poller's workers. */
final class PollerCounters {
  private final String function;
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong recordsReceived = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong crashesInjected = new AtomicLong();
  private final AtomicLong duplicatesInjected = new AtomicLong();
  private final LongAccumulator maxInvocationMillis = new LongAccumulator(Math::max, 0);
  private final AtomicLong running = new AtomicLong();

  PollerCounters(String function) {
    this.function = function;
  }

  void received(int records) {
    recordsReceived.addAndGet(records);
  }

  void started() {
    running.incrementAndGet();
  }

  void invoked(long millis) {
    running.decrementAndGet();
    invocations.incrementAndGet();
    maxInvocationMillis.accumulate(millis);
  }

  void timedOut() {
    timeouts.incrementAndGet();
  }

  void crashed() {
    crashesInjected.incrementAndGet();
  }

  void duplicated() {
    duplicatesInjected.incrementAndGet();
  }

  PollerStats snapshot() {
    return new PollerStats(function, invocations.get(), recordsReceived.get(), timeouts.get(), crashesInjected.get(),
        duplicatesInjected.get(), maxInvocationMillis.get(), running.get());
  }
}
