package io.docpipe.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules ({@code dashboards/alerts/*.yaml}) as promtool, the on-call engineer and the unit tests see them:
 * promtool accepts every rule file and passes every test of {@code alerts/tests/}; every alert carries a severity, a
 * summary, a description and a runbook link to a heading of {@code docs/runbooks.md}; and every alert has a test case
 * where it fires and one where it stays quiet.
 */
class AlertRulesTest {
  private static final Duration PROMTOOL_TIMEOUT = Duration.ofMinutes(2);
  private static final String RUNBOOK_URL = "https://github.com/docpipe/docpipe/blob/main/docs/runbooks.md#";
  private static final Set<String> SEVERITIES = Set.of("critical", "warning");

  private final Path root = Repo.root();
  private final List<RuleFiles.Rule> alerts = RuleFiles.all().stream().filter(r -> r.alert() != null).toList();

  @Test
  void promtoolCheckRules_acceptsEveryRuleFile() {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    RuleFiles.files().forEach(f -> args.add(root.relativize(f).toString()));

    promtool(args);
  }

  @Test
  void promtoolTestRules_passesEveryTestFile() {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    testFiles().forEach(f -> args.add(root.relativize(f).toString()));

    promtool(args);
  }

  @Test
  void everyAlert_hasASeverityASummaryADescriptionAndARunbookHeading() {
    Set<String> anchors = runbookAnchors();
    SoftAssertions softly = new SoftAssertions();
    for (RuleFiles.Rule rule : alerts) {
      String where = rule.file().getFileName() + " " + rule.alert();
      softly.assertThat(rule.labels().get("severity")).as("%s: labels.severity", where).isIn(SEVERITIES);
      softly.assertThat(rule.annotations().get("summary")).as("%s: annotations.summary", where).isNotBlank();
      softly.assertThat(rule.annotations().get("description")).as("%s: annotations.description", where).isNotBlank();
      String url = rule.annotations().getOrDefault("runbook_url", "");
      softly.assertThat(url).as("%s: annotations.runbook_url", where).startsWith(RUNBOOK_URL);
      softly.assertThat(url.substring(url.indexOf('#') + 1)).as("%s: runbook anchor, one of %s", where, anchors)
          .isIn(anchors);
    }
    softly.assertAll();
  }

  @Test
  void everyAlert_hasATestWhereItFiresAndOneWhereItStaysQuiet() {
    Map<String, int[]> cases = testCases(); // alertname -> {firing, quiet}
    Set<String> names = new TreeSet<>();
    alerts.forEach(r -> names.add(r.alert()));
    cases.forEach((name, n) -> System.out.printf("%-30s %2d firing, %2d quiet case(s)%n", name, n[0], n[1]));

    SoftAssertions softly = new SoftAssertions();
    for (String name : names) {
      int[] n = cases.getOrDefault(name, new int[2]);
      softly.assertThat(n[0]).as("%s: alert_rule_test cases with non-empty exp_alerts", name).isPositive();
      softly.assertThat(n[1]).as("%s: alert_rule_test cases with exp_alerts: []", name).isPositive();
    }
    // promtool passes a test of an alert that does not exist when it expects nothing: a typo would test nothing.
    softly.assertThat(names).as("alerts named by the tests").containsAll(cases.keySet());
    softly.assertAll();
  }

  /** GitHub's anchors: lowercase, punctuation dropped, spaces to '-'. Fenced code is not a heading. */
  private Set<String> runbookAnchors() {
    Set<String> anchors = new HashSet<>();
    boolean fenced = false;
    for (String line : read(root.resolve("docs/runbooks.md")).split("\n")) {
      if (line.startsWith("```")) fenced = !fenced;
      if (fenced || !line.matches("#{1,6} .*")) continue;
      String text = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT);
      anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return anchors;
  }

  @SuppressWarnings("unchecked")
  private Map<String, int[]> testCases() {
    Map<String, int[]> cases = new TreeMap<>();
    for (Path file : testFiles()) {
      Map<String, Object> yaml = new Yaml().load(read(file));
      for (Map<String, Object> group : (List<Map<String, Object>>) yaml.get("tests")) {
        for (Map<String, Object> test : (List<Map<String, Object>>) group.getOrDefault("alert_rule_test", List.of())) {
          List<?> expected = (List<?>) test.get("exp_alerts"); // absent: promtool expects none
          int[] n = cases.computeIfAbsent((String) test.get("alertname"), k -> new int[2]);
          n[expected == null || expected.isEmpty() ? 1 : 0]++;
        }
      }
    }
    return cases;
  }

  private List<Path> testFiles() {
    try (Stream<Path> files = Files.list(Repo.dashboards().resolve("alerts/tests"))) {
      List<Path> yaml = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).as("promtool unit tests in dashboards/alerts/tests/*.yaml").isNotEmpty();
      return yaml;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs promtool from the repository root, prints what it said, and fails with it unless it exits 0. */
  private void promtool(List<String> args) {
    List<String> command = new ArrayList<>(List.of(PrometheusServer.binary("promtool").toString()));
    command.addAll(args);
    try {
      Path output = Files.createTempFile("promtool", ".out");
      try {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(PROMTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) process.destroyForcibly().waitFor();
        String said = Files.readString(output);
        System.out.println("$ " + String.join(" ", command) + "\n" + said);
        if (!exited) fail("promtool did not finish within %s: %s%n%s", PROMTOOL_TIMEOUT, command, said);
        if (process.exitValue() != 0) {
          fail("promtool exited %d: %s%n%s", process.exitValue(), String.join(" ", command), said);
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while promtool ran", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
