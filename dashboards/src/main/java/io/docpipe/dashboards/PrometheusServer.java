package io.docpipe.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code prometheus} package) scraping one target, with the alert rule files loaded, on a
 * free loopback port and a throw-away TSDB. For proving and picturing the dashboards locally; never used in AWS.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI url;

  private PrometheusServer(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /**
   * @param target {@code host:port} of the metrics endpoint
   * @param metricsPath e.g. {@code /_local/metrics}
   * @param ruleFiles rule files to load (their alerts are evaluated on the scraped data)
   */
  public static PrometheusServer start(String target, String metricsPath, Duration scrapeInterval, List<Path> ruleFiles,
      Path workDir) throws IOException {
    Path binary = binary("prometheus");
    Files.createDirectories(workDir);
    // A fresh TSDB each time: series of an earlier run would still be inside the 5-minute lookback.
    deleteTree(workDir.resolve("data"));
    int port = freePort();
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(config, config(target, metricsPath, scrapeInterval, ruleFiles));
    Path log = workDir.resolve("prometheus.log");
    Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.retention.time=1d", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
    server.awaitReady(log);
    return server;
  }

  public URI url() {
    return url;
  }

  public PrometheusApi api() {
    return new PrometheusApi(url);
  }

  /** The binary on PATH or in /usr/bin; the message says how to get it when it is missing. */
  public static Path binary(String name) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) return candidate;
    }
    throw new IllegalStateException(name + " not found on PATH or in /usr/bin: run scripts/provision.sh "
        + "(installs Debian's prometheus package, which has prometheus and promtool)");
  }

  static String config(String target, String metricsPath, Duration scrapeInterval, List<Path> ruleFiles) {
    String rules = ruleFiles.stream().map(f -> "  - \"" + f.toAbsolutePath() + "\"").collect(Collectors.joining("\n"));
    // honor_labels: the series carry their own job and instance (the functions'), which must win over the target's.
    return """
        global:
          scrape_interval: %1$ds
          evaluation_interval: %1$ds
        rule_files:
        %2$s
        scrape_configs:
          - job_name: docpipe-local
            honor_labels: true
            metrics_path: "%3$s"
            static_configs:
              - targets: ["%4$s"]
        """.formatted(Math.max(1, scrapeInterval.toSeconds()), rules.isEmpty() ? "  []" : rules, metricsPath, target);
  }

  private void awaitReady(Path log) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url.resolve("/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for prometheus", e);
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for prometheus", e);
      }
    }
    close();
    throw new IOException("prometheus not ready within " + START_TIMEOUT + ": " + Files.readString(log));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
