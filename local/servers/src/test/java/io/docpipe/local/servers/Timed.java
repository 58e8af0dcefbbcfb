package io.docpipe.local.servers;

import java.util.function.Supplier;

/** Prints how long a server took to start, so the numbers show up in the test output and can be reported. */
final class Timed {
  private Timed() {}

  static <T> T start(String name, Supplier<T> starter) {
    long begin = System.nanoTime();
    T server = starter.get();
    System.out.printf("[local-servers] %s started in %d ms%n", name, (System.nanoTime() - begin) / 1_000_000);
    return server;
  }
}
