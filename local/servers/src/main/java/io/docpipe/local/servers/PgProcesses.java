package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs initdb and the postmaster for one cluster layout, as the user {@link RunAs} picked. */
final class PgProcesses {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private final Path bin;
  private final RunAs runAs;
  private final PgLayout layout;

  PgProcesses(Path bin, RunAs runAs, PgLayout layout) {
    this.bin = bin;
    this.runAs = runAs;
    this.layout = layout;
  }

  void initdb(String superuser, Duration timeout) {
    createOwned(layout.dataDir());
    Commands.run(runAs.command(List.of(bin.resolve("initdb").toString(),
        "-D", layout.dataDir().toString(),
        "--auth=trust", "-U", superuser, "-E", "UTF8", "--no-locale",
        // Skips the final fsync of the new files: the cluster runs with fsync off anyway.
        "--no-sync")), workDir(), timeout);
  }

  /** {@code settings} are server parameters ({@code -c name=value}) after the defaults below, so they win. */
  Process startPostmaster(int port, Map<String, String> settings) {
    createOwned(layout.dataDir());
    createOwned(layout.socketDir());
    List<String> command = new java.util.ArrayList<>();
    // Its own session, so a Ctrl-C meant for the JVM's process group does not reach it: the JVM stops the stack in
    // order (HTTP, pollers, servers) and PostgreSQL after its clients. setsid execs, so the pid stays the postmaster's.
    if (Files.isExecutable(SETSID)) command.add(SETSID.toString());
    List<String> postgres = new java.util.ArrayList<>(List.of(bin.resolve("postgres").toString(),
        "-D", layout.dataDir().toString(),
        "-p", Integer.toString(port),
        "-k", layout.socketDirectoryOption(),
        "-c", "listen_addresses=127.0.0.1",
        // A throwaway cluster for development and tests: losing it in a power cut costs nothing.
        "-c", "fsync=off",
        "-c", "shared_buffers=64MB"));
    settings.forEach((name, value) -> postgres.addAll(List.of("-c", name + "=" + value)));
    command.addAll(runAs.command(postgres));
    try {
      return new ProcessBuilder(command)
          .directory(workDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** The tools' user may be unable to enter our working directory (as root, often under /root). */
  private Path workDir() {
    return layout.dataDir().getParent();
  }

  private void createOwned(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    runAs.own(dir);
  }
}
