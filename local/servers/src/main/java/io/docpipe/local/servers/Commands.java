package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short-lived tools (initdb, chown, kill) to completion, keeping their output for the error message. */
final class Commands {
  private Commands() {}

  /** The command's combined output; a non-zero exit or a hang past {@code timeout} throws with that output. */
  static String run(List<String> command, Path workDir, Duration timeout) {
    Result result = tryRun(command, workDir, timeout);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
          + result.output());
    }
    return result.output();
  }

  static Result tryRun(List<String> command, Path workDir, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      // Read on another thread: a tool that fills the pipe would otherwise block before it can exit.
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), output.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  record Result(int exitCode, String output) {}
}
