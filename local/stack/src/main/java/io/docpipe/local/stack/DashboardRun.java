package io.docpipe.local.stack;

import static io.docpipe.local.servers.FaultyEmbeddingFault.status;
import static io.docpipe.local.servers.FaultyEmbeddingFault.throttle;

import io.docpipe.dashboards.Dashboard;
import io.docpipe.dashboards.DashboardPictures;
import io.docpipe.dashboards.ExternalMetrics;
import io.docpipe.dashboards.PanelEvaluation;
import io.docpipe.dashboards.PrometheusApi;
import io.docpipe.dashboards.PrometheusServer;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The dashboards against real data: starts the local stack and a real Prometheus scraping its {@code /_local/metrics}
 * (alert rules loaded), runs {@link DashboardWorkload}, then evaluates every panel of every dashboard over the run.
 * The inference server is {@link FaultyEmbeddingServer} answering its first two requests with 503 and 429, and
 * the first of the second wave with 429 (a 429 never counts towards opening the circuit breaker, a second 503 might,
 * and an open circuit would wait for the scanner's probe), so the inference error and retry panels have data. {@code make dashboards} and DashboardsWithDataTest run it.
 */
public final class DashboardRun {
  static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
  static final Duration STEP = Duration.ofSeconds(2);
  private static final int EMBEDDING_DIMENSION = 384;

  /** Everything a run produced: per target results, what the workload did, where the pictures are. */
  public record Report(List<PanelEvaluation.Result> results, List<PrometheusApi.Rule> rules, Map<String, Integer> workload,
      Instant start, Instant end) {

    /** One line per target: dashboard, panel, target, where its data comes from, series returned, series with data. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append("workload: ").append(workload).append('\n');
      out.append("window: ").append(start).append(" .. ").append(end).append(" (")
          .append(Duration.between(start, end).toSeconds()).append(" s)\n");
      out.append(String.format("%-18s %-46s %-3s %-10s %6s %6s%n", "dashboard", "panel", "ref", "source", "series", "data"));
      Dashboard previous = null;
      for (PanelEvaluation.Result r : results) {
        if (r.dashboard() != previous) {
          previous = r.dashboard();
          out.append("# ").append(previous.uid()).append(" variables ").append(shown(r.variables())).append('\n');
        }
        boolean ran = r.source() == PanelEvaluation.Source.PIPELINE || r.source() == PanelEvaluation.Source.CLOUDWATCH;
        out.append(String.format("%-18s %-46s %-3s %-10s %6s %6s%s%n", r.dashboard().uid(), abbreviate(r.panel().title()),
            r.query().refId(), r.source().name().toLowerCase(java.util.Locale.ROOT), ran ? r.series().size() : "-",
            ran ? r.seriesWithData() : "-", r.error() == null ? "" : "  ERROR " + r.error()));
      }
      out.append("alert rules loaded: ").append(rules.size()).append('\n');
      for (PrometheusApi.Rule rule : rules) {
        if (!rule.health().equals("ok") || !rule.state().isEmpty() && !rule.state().equals("inactive")) {
          out.append(String.format("  %-28s %-8s %s %s%n", rule.name(), rule.health(), rule.state(), rule.lastError()));
        }
      }
      return out.toString();
    }

    private static Map<String, String> shown(Map<String, String> variables) {
      Map<String, String> own = new java.util.TreeMap<>(variables);
      own.keySet().removeIf(name -> name.startsWith("__"));
      return own;
    }

    private static String abbreviate(String s) {
      return s.length() <= 46 ? s : s.substring(0, 43) + "...";
    }
  }

  private DashboardRun() {}

  /** {@code make dashboards}: the run, its table, and one PNG per dashboard in the repository's target/dashboards. */
  public static void main(String[] args) throws IOException {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", ".")).toAbsolutePath().normalize();
    Path workDir = Files.createTempDirectory("docpipe-dashboards");
    Report report = run(repoRoot, workDir);
    System.out.print(report.table());
    for (Path png : DashboardPictures.write(report.results(), repoRoot.resolve("target/dashboards"))) {
      System.out.println("wrote " + png);
    }
  }

  public static Report run(Path repoRoot, Path workDir) throws IOException {
    try (FaultyEmbeddingServer gpu = FaultyEmbeddingServer.start(0, EMBEDDING_DIMENSION);
        LocalStack stack = LocalStack.start(LocalStackOptions.forTests(workDir.resolve("stack"),
                Map.of("SUBMISSIONS_PER_MINUTE", "12"))
            .withEmbeddingBaseUrl(gpu.endpoint().toString()));
        PrometheusServer prometheus = PrometheusServer.start(hostPort(stack.baseUrl()), "/_local/metrics",
            SCRAPE_INTERVAL, ruleFiles(repoRoot, workDir), workDir.resolve("prometheus"))) {
      gpu.script(status(503), throttle(1));
      // Prometheus' first scrape can come seconds after it is ready; the workload must not finish before it.
      Instant start = awaitScrapesAfter(prometheus.api(), Instant.now(), 1);
      DashboardWorkload.Done done = new DashboardWorkload(stack).run(new DashboardWorkload.Hooks() {
        @Override
        public void betweenWaves() {
          gpu.script(throttle(1));
        }

        @Override
        public void awaitScrape() {
          awaitScrapesAfter(prometheus.api(), Instant.now(), 1);
        }
      });
      Instant end = awaitScrapesAfter(prometheus.api(), Instant.now(), 3);
      // The version that ran most: what someone verifying a deploy would pick (an incremental build can leave modules
      // of older commits beside the newest).
      Map<String, String> given = Map.of("env", "local", "stack", "docpipe", "api_id", "local",
          "GIT_SHA", mostInvokedVersion(prometheus.api()),
          "__rate_interval", "30s", "__interval", STEP.toSeconds() + "s", "__auto", "30s",
          "__range", Duration.between(start, end).toSeconds() + 1 + "s");
      PanelEvaluation evaluation = new PanelEvaluation(prometheus.api(),
          ExternalMetrics.load(repoRoot.resolve("dashboards/external-metrics.yaml")), given);
      List<PanelEvaluation.Result> results = new ArrayList<>();
      for (Dashboard dashboard : Dashboard.loadAll(repoRoot.resolve("dashboards"))) {
        results.addAll(evaluation.evaluate(dashboard, start, end, STEP));
      }
      // The rules were evaluated every second on the same data: a rule Prometheus could not evaluate reports err.
      return new Report(results, evaluatedRules(prometheus.api()), done.counts(), start, end);
    }
  }

  /**
   * Waits until Prometheus has scraped {@code scrapes} times after {@code after}: the last of the workload is then in
   * it, and a counter that first appeared at the very end has the second sample a rate needs.
   */
  private static Instant awaitScrapesAfter(PrometheusApi prometheus, Instant after, int scrapes) {
    double wanted = after.toEpochMilli() / 1000.0 + scrapes * SCRAPE_INTERVAL.toSeconds();
    Await.until("a Prometheus scrape after the workload", Duration.ofSeconds(30), () -> {
      try {
        List<PrometheusApi.Series> up = prometheus.query("max(timestamp(up{job=\"docpipe-local\"}))", Instant.now());
        return up.isEmpty() ? 0.0 : up.getFirst().samples().getFirst().value();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, t -> t >= wanted);
    return Instant.now();
  }

  private static String mostInvokedVersion(PrometheusApi prometheus) throws IOException {
    List<PrometheusApi.Series> top = prometheus.query(
        "topk(1, sum by (service_version) (faas_invocations_total{deployment_environment=\"local\"}))", Instant.now());
    return top.isEmpty() ? "" : top.getFirst().labels().getOrDefault("service_version", "");
  }

  /**
   * The alert rule files, copied with their groups' {@code interval: 1m} made {@code 1s}: the run lasts seconds, and
   * every rule must have been evaluated on its data by the end.
   */
  private static List<Path> ruleFiles(Path repoRoot, Path workDir) throws IOException {
    Path copies = Files.createDirectories(workDir.resolve("rules"));
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(repoRoot.resolve("dashboards/alerts"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        Path copy = copies.resolve(file.getFileName());
        Files.writeString(copy, Files.readString(file).replaceAll("(?m)^(?<key>[ \\t]*interval:[ \\t]*)1m[ \\t]*$", "${key}1s"));
        out.add(copy);
      }
    }
    return out;
  }

  /** Waits until Prometheus has evaluated every rule at least once (health ok or err, no longer unknown). */
  private static List<PrometheusApi.Rule> evaluatedRules(PrometheusApi prometheus) {
    return Await.until("every alert rule evaluated", Duration.ofSeconds(30), () -> {
      try {
        return prometheus.rules();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, rules -> !rules.isEmpty() && rules.stream().noneMatch(r -> r.health().equals("unknown")));
  }

  private static String hostPort(String baseUrl) {
    URI uri = URI.create(baseUrl);
    return uri.getHost() + ":" + uri.getPort();
  }
}
