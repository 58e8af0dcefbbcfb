package io.docpipe.local.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code make run}: starts the local stack, says what runs where, and stops everything on Ctrl-C. */
public final class LocalStackMain {
  private LocalStackMain() {}

  public static void main(String[] args) throws Exception {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", ".")).toAbsolutePath().normalize();
    LocalStackOptions options = LocalStackOptions.fromEnv(System.getenv(), repoRoot);
    long started = System.nanoTime();
    LocalStack stack = LocalStack.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nstopping the local stack...");
      stack.close();
      stopped.countDown();
    }, "local-stack-shutdown"));
    System.out.println(Banner.text(stack, options, (System.nanoTime() - started) / 1_000_000));
    stopped.await();
  }
}
