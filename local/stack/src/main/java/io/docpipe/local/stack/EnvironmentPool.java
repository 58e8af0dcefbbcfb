package io.docpipe.local.stack;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Handler instances standing in for Lambda execution environments: one invocation at a time per instance, a new one
 * created (a cold start) only when every existing one is busy, at most {@code max} in all.
 */
final class EnvironmentPool<H> {
  private final Supplier<H> factory;
  private final LinkedBlockingDeque<H> idle = new LinkedBlockingDeque<>();
  private final Semaphore permits;

  EnvironmentPool(Supplier<H> factory, int max) {
    this.factory = factory;
    this.permits = new Semaphore(max);
  }

  <R> R invoke(Function<H, R> invocation) throws InterruptedException {
    permits.acquire();
    H handler = idle.pollFirst();
    try {
      if (handler == null) handler = factory.get();
      return invocation.apply(handler);
    } finally {
      if (handler != null) idle.addFirst(handler);
      permits.release();
    }
  }
}
