package io.docpipe.local.servers;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a condition holds or a deadline passes: the one way tests here wait for async work, never a fixed
 * sleep. The pause between probes starts at 5 ms and doubles up to 100 ms, so a fast result is seen fast.
 */
public final class Await {
  private Await() {}

  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    long pause = 5;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) return last;
      try {
        Thread.sleep(pause); // back-off between probes, not a wait for the result
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
      pause = Math.min(100, pause * 2);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
  }
}
