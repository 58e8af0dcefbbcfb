package io.docpipe.local.servers;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

/**
 * DynamoDB Local in this JVM, in memory (tables vanish on {@link #close()}) or in one SQLite file under a directory
 * (tables and items survive a restart). The local stack creates its table at start-up as the SAM template does in AWS,
 * and finds it there on a restart. Telemetry is off, since nothing here may call out to the internet.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
  private static final String BACKGROUND_JOB_SLEEP =
      "com.amazonaws.services.dynamodbv2.local.shared.jobs.NamedJob.sleepFor";

  private final DynamoDBProxyServer server;
  private final URI endpoint;
  private final Set<Thread> threadsBefore;

  private DynamoDbLocalServer(DynamoDBProxyServer server, int port, Set<Thread> threadsBefore) {
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.threadsBefore = threadsBefore;
  }

  /** Starts in memory on {@code port}, or on a free port when it is 0 (DynamoDB Local itself refuses port 0). */
  public static DynamoDbLocalServer start(int port) {
    return start(port, null);
  }

  /**
   * As {@link #start(int)}, keeping the tables in {@code directory/shared-local-instance.db} (the directory created if
   * missing); null keeps them in memory.
   */
  public static DynamoDbLocalServer start(int port, Path directory) {
    int chosen = FreePort.orFree(port);
    // Its Jetty and its AWS SDK v1 log through SLF4J; DynamoDB Local's own log4j2 output is configured in its jar.
    QuietLogs.atWarn("org.eclipse.jetty", "com.amazonaws");
    SqliteNative.configure();
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    // -sharedDb: one database whatever the client's region and access key, so every handler and test sees the same
    // tables, as one AWS account and region would.
    String[] storage = directory == null ? new String[] {"-inMemory"}
        : new String[] {"-dbPath", createDirectories(directory).toAbsolutePath().toString()};
    String[] args = Stream.concat(Arrays.stream(storage),
        Arrays.stream(new String[] {"-sharedDb", "-port", Integer.toString(chosen), "-disableTelemetry"}))
        .toArray(String[]::new);
    try {
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
      server.start();
      return new DynamoDbLocalServer(server, chosen, threadsBefore);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
    }
  }

  private static Path createDirectories(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the DynamoDB Local directory " + directory, e);
    }
  }

  /** For {@code endpointOverride} of the DynamoDB client and {@code AWS_ENDPOINT_URL_DYNAMODB}. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
    }
    wakeSleepingJobs();
  }

  /**
   * DynamoDB Local's stop only shuts its job pool down gently, and the pool's non-daemon thread keeps sleeping
   * between shard roll-overs for many minutes, so a JVM whose main method returned would not exit. Interrupting the
   * sleep ends the job; only threads that appeared while this server ran are touched.
   */
  private void wakeSleepingJobs() {
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (!threadsBefore.contains(thread) && Arrays.stream(stack)
          .anyMatch(f -> (f.getClassName() + "." + f.getMethodName()).equals(BACKGROUND_JOB_SLEEP))) {
        thread.interrupt();
      }
    });
  }
}
