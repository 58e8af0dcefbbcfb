package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.dashboards.DashboardPictures;
import io.docpipe.dashboards.PanelEvaluation;
import io.docpipe.dashboards.PanelEvaluation.Source;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import javax.imageio.ImageIO;

/**
 * Every panel of every dashboard, evaluated by a real Prometheus that scraped the local stack while jobs ran: each
 * PromQL target of our own metrics returns series with data, Prometheus accepts every query, and the targets that
 * cannot have data locally (CloudWatch, Loki, Tempo) are the only ones without. The table of panels and result counts
 * is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsWithDataTest {
  private static final String OTHER_VERSIONS = "service_version!=\"$GIT_SHA\"";
  private static final String SPARSE = "embedding_inference_retry_delay_seconds";

  private DashboardRun.Report report;
  private List<Path> pictures;

  @BeforeAll
  void run() throws Exception {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", "../..")).toAbsolutePath().normalize();
    Path workDir = Files.createDirectories(Path.of("target", "dashboards-run")).toAbsolutePath();
    report = DashboardRun.run(repoRoot, workDir);
    System.out.print(report.table());
    pictures = DashboardPictures.write(report.results(), workDir.resolve("pictures"));
    pictures.forEach(png -> System.out.println("wrote " + png));
  }

  @Test
  void everyDashboard_isPictured() throws Exception {
    assertThat(pictures).hasSize(8);
    for (Path png : pictures) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).as("%s: 24 columns", png).isEqualTo(1440);
      assertThat(image.getHeight()).as("%s", png).isGreaterThan(300);
    }
  }

  @Test
  void theWorkload_didWhatThePanelsShow() {
    Map<String, Integer> done = report.workload();
    assertThat(done).containsKeys("jobs done", "jobs failed", "submissions 429", "searches 200", "searches 400");
  }

  /** promtool checks the rules' syntax; this, that a real Prometheus evaluates each of them on real series. */
  @Test
  void prometheus_loadsEveryAlertRule_andEvaluatesItWithoutError() {
    assertThat(report.rules()).hasSizeGreaterThanOrEqualTo(16)
        .allSatisfy(rule -> assertThat(rule.health()).as("%s: %s", rule.name(), rule.lastError()).isEqualTo("ok"));
  }

  @Test
  void prometheus_acceptsEveryQuery() {
    List<String> refused = report.results().stream().filter(r -> r.error() != null)
        .map(r -> where(r) + ": " + r.error())
        .toList();
    assertThat(refused).isEmpty();
  }

  /**
   * The one exception is the deploy dashboard's comparison with other versions: every function of the local stack runs
   * the same build, so there is no other version to show.
   */
  @Test
  void everyTargetOfOurMetrics_returnsSeries() {
    List<String> none = report.results().stream()
        .filter(r -> r.source() == Source.PIPELINE && r.error() == null && r.series().isEmpty())
        .filter(r -> !r.query().expr().contains(OTHER_VERSIONS))
        .map(DashboardsWithDataTest::where)
        .toList();
    assertThat(none).as("targets without series").isEmpty();
  }

  /**
   * Beyond series, values: a quantile is NaN until a histogram moves between two scrapes of one execution environment.
   * The exception is the retry delays, observed only on the run's three inference faults: whether the second wave's
   * fault lands in an environment that already had one is up to the pool.
   */
  @Test
  void everyTargetOfOurMetrics_hasValuesToDraw() {
    List<String> empty = report.results().stream()
        .filter(r -> r.source() == Source.PIPELINE && r.error() == null && r.seriesWithData() == 0)
        .filter(r -> !r.query().expr().contains(OTHER_VERSIONS) && !r.query().expr().contains(SPARSE))
        .map(DashboardsWithDataTest::where)
        .toList();
    assertThat(empty).as("targets whose series are all NaN").isEmpty();
  }

  @Test
  void onlyCloudWatchLokiAndTempoTargets_areLeftWithoutLocalData() {
    List<PanelEvaluation.Result> external = report.results().stream()
        .filter(r -> r.source() != Source.PIPELINE).toList();
    assertThat(external).allSatisfy(r -> assertThat(r.series()).as("%s: no such data locally", r.panel().title()).isEmpty());
    assertThat(report.results()).filteredOn(r -> r.source() == Source.PIPELINE).hasSizeGreaterThan(40);
  }

  private static String where(PanelEvaluation.Result r) {
    return r.dashboard().uid() + " '" + r.panel().title() + "' " + r.query().refId() + "\n    " + r.expr();
  }
}
