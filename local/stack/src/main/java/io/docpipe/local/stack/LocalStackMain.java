package io.docpipe.local.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: starts the local stack on the state LOCAL_STATE_DIR holds (wiped first with {@code RESET=1}), says
 * what it found and what runs where, and stops everything on Ctrl-C, SIGTERM, or when its PostgreSQL dies.
 */
public final class LocalStackMain {
  private LocalStackMain() {}

  public static void main(String[] args) throws Exception {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", ".")).toAbsolutePath().normalize();
    LocalStackOptions options = LocalStackOptions.fromEnv(System.getenv(), repoRoot);
    if ("1".equals(System.getenv("RESET")) || "true".equalsIgnoreCase(System.getenv("RESET"))) {
      LocalState.wipe(options.stateDir());
      System.out.println("RESET: wiped the local stack's state in " + options.stateDir());
    }
    boolean foundJobs = LocalState.hasJobs(options.stateDir());
    long started = System.nanoTime();
    LocalStack stack = LocalStack.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGINT and SIGTERM both run this hook (make run execs the JVM with SIGINT's default action restored, so a stack
    // started in the background, which the shell starts with SIGINT ignored, obeys kill -INT as a foreground one obeys
    // Ctrl-C). One way to stop: HTTP first, then the scanner and pollers, then the servers, PostgreSQL last.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nstopping the local stack...");
      stack.close();
      stopped.countDown();
    }, "local-stack-shutdown"));
    System.out.println(Banner.text(stack, options, (System.nanoTime() - started) / 1_000_000));
    System.out.println(" " + LocalState.summary(stack, options.stateDir(), foundJobs) + "\n");
    stack.serverDeath().thenAccept(what -> {
      System.err.println("\n" + what + ": the local stack cannot finish jobs without it; stopping (state is kept)");
      System.exit(1);
    });
    stopped.await();
  }
}
