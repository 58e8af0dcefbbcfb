package io.docpipe.local.stack;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the servers the stack runs as separate processes (its PostgreSQL): the others live in this JVM and die with
 * it. Once one has died, {@link #death()} completes with what died, and the stack refuses new work rather than
 * accepting jobs it could not finish (an external signal, an OOM kill or a Ctrl-C that reached only the postmaster).
 */
final class ServerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerWatch.class);

  private final Map<String, BooleanSupplier> running;
  private final CompletableFuture<String> death = new CompletableFuture<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("server-watch").daemon().factory());

  /** @param running by server name, whether it still runs; checked every {@code interval} */
  ServerWatch(Map<String, BooleanSupplier> running, Duration interval) {
    this.running = Map.copyOf(running);
    timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    running.forEach((name, alive) -> {
      if (!death.isDone() && !alive.getAsBoolean()) {
        LOG.error("{} of the local stack has exited; refusing new work until the stack is restarted", name);
        death.complete(name + " has exited");
      }
    });
    if (death.isDone()) timer.shutdown();
  }

  /** Completes, with what died, when a watched server has exited; never completes while all run. */
  CompletableFuture<String> death() {
    return death;
  }

  /** What died, or null while every watched server runs. */
  String failure() {
    return death.getNow(null);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
