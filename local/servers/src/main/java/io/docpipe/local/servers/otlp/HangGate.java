package io.docpipe.local.servers.otlp;

import java.util.concurrent.CountDownLatch;

/** Holds requests while the receiver is in {@link Mode#HANG}. */
final class HangGate {
  private CountDownLatch closed;

  synchronized void close() {
    if (closed == null) closed = new CountDownLatch(1);
  }

  /** Lets every held request go and new ones through. */
  synchronized void open() {
    if (closed != null) closed.countDown();
    closed = null;
  }

  /**
   * Returns true at once while the gate is open. While it is closed, blocks until it opens and then returns false:
   * a held request is dropped, never served late.
   */
  boolean pass() throws InterruptedException {
    CountDownLatch latch;
    synchronized (this) {
      latch = closed;
    }
    if (latch == null) return true;
    latch.await();
    return false;
  }
}
