package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping postmasters: ours on close, and one a killed earlier run left behind on the same data directory. */
final class Postmasters {
  private static final Logger LOG = LoggerFactory.getLogger(Postmasters.class);
  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration IMMEDIATE_TIMEOUT = Duration.ofSeconds(10);

  private Postmasters() {}

  /**
   * Fast shutdown (SIGINT: roll back open transactions, disconnect clients, checkpoint), then immediate shutdown
   * (SIGQUIT) if that overruns {@code timeout}, then SIGKILL. Java can send neither signal itself, hence kill(1).
   */
  static void stop(ProcessHandle postmaster, Duration timeout) {
    if (signal(postmaster, "INT") && exited(postmaster, timeout)) return;
    LOG.warn("PostgreSQL (pid {}) ignored a fast shutdown for {}; shutting down immediately", postmaster.pid(), timeout);
    if (signal(postmaster, "QUIT") && exited(postmaster, IMMEDIATE_TIMEOUT)) return;
    postmaster.destroyForcibly();
    exited(postmaster, IMMEDIATE_TIMEOUT);
  }

  /**
   * Removes {@code postmaster.pid} left by a run that died without stopping its server; PostgreSQL refuses to start
   * while it names a live process, and in a container that pid is soon reused. A postmaster still running there is
   * stopped, unless another JVM started it and is still alive: then this data directory is in use and we fail.
   */
  static void clearStale(Path dataDir, Duration timeout) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = readLines(pidFile);
    Optional<ProcessHandle> live = pidOf(lines).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(Postmasters::isPostgres)
        .filter(p -> lines.size() > 1 && Path.of(lines.get(1)).equals(dataDir));
    if (live.isPresent()) {
      ProcessHandle postmaster = live.get();
      Optional<ProcessHandle> owner = postmaster.parent().filter(Postmasters::isJava);
      if (owner.isPresent()) {
        throw new InUseException("PostgreSQL data directory " + dataDir + " is in use by postmaster pid "
            + postmaster.pid() + ", started by the live JVM pid " + owner.get().pid() + "; stop it or use another"
            + " data directory");
      }
      LOG.warn("stopping PostgreSQL (pid {}) that an earlier run left running on {}", postmaster.pid(), dataDir);
      stop(postmaster, timeout);
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
    }
  }

  /** The data directory belongs to a cluster that another live JVM runs. */
  static final class InUseException extends IllegalStateException {
    InUseException(String message) {
      super(message);
    }
  }

  private static boolean signal(ProcessHandle process, String signal) {
    Commands.Result result = Commands.tryRun(List.of("kill", "-" + signal, Long.toString(process.pid())), Path.of("/"),
        SIGNAL_TIMEOUT);
    return result.exitCode() == 0 || !process.isAlive();
  }

  private static boolean exited(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static Optional<Long> pidOf(List<String> lines) {
    try {
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("/postmaster")).orElse(false);
  }

  private static boolean isJava(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
