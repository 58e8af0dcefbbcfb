package io.docpipe.bench.coldstart;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Starts one fresh JVM per sample, as Lambda starts one per execution environment: the C1-only JIT that Lambda's Java
 * runtimes use, the function jar first on the classpath, then {@link Driver} and the Lambda serialization jar. Its
 * output goes to a log file beside the event, so a failed sample can be read afterwards.
 */
final class ChildJvm {
  static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");
  private static final long TIMEOUT_SECONDS = 120;

  private final String javaCommand;
  private final String driverClasspath;
  private final Path logs;

  ChildJvm(Path work) {
    this.javaCommand = ProcessHandle.current().info().command().orElse("java");
    this.driverClasspath = copyDriver(work.resolve("driver")) + File.pathSeparator
        + locationOf(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class);
    this.logs = work.resolve("logs");
  }

  /** A private copy of the driver's classes, so a rebuild of the bench module during a run cannot break a sample. */
  private static Path copyDriver(Path dir) {
    try {
      for (String name : List.of("Driver", "Driver$BenchContext", "Driver$Outcome")) {
        Path file = dir.resolve(Driver.class.getPackageName().replace('.', '/')).resolve(name + ".class");
        Files.createDirectories(file.getParent());
        try (var in = Driver.class.getResourceAsStream(name + ".class")) {
          Files.write(file, in.readAllBytes());
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the driver to " + dir, e);
    }
  }

  /** Runs {@code handler} from {@code jar} once on {@code event}, with exactly {@code environment} (plus PATH). */
  Sample run(String name, Path jar, String handler, Path event, Map<String, String> environment) {
    return run(name, jar, handler, event, environment, List.of());
  }

  /** As above, with {@code flags} added to the JVM's (a class-load log, say). */
  Sample run(String name, Path jar, String handler, Path event, Map<String, String> environment, List<String> flags) {
    Path log = logs.resolve(name + ".log");
    try {
      Files.createDirectories(logs);
      ProcessBuilder builder = new ProcessBuilder(command(jar, handler, event, flags)).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      String path = env.get("PATH");
      env.clear();
      if (path != null) env.put("PATH", path);
      env.putAll(environment);
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not finish in " + TIMEOUT_SECONDS + " s; see " + log);
      }
      double wallMs = (System.nanoTime() - start) / 1e6;
      try (var lines = Files.lines(log)) {
        return lines.map(line -> Sample.parse(line, wallMs)).filter(Objects::nonNull).findFirst()
            .orElseThrow(() -> new IllegalStateException(name + " printed no result (exit " + process.exitValue()
                + "); see " + log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }

  private List<String> command(Path jar, String handler, Path event, List<String> flags) {
    List<String> command = new java.util.ArrayList<>();
    command.add(javaCommand);
    command.addAll(JVM_FLAGS);
    command.addAll(flags);
    command.addAll(List.of("-cp", jar + File.pathSeparator + driverClasspath, Driver.class.getName(), handler,
        event.toString()));
    return command;
  }

  private static String locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + type, e);
    }
  }
}
