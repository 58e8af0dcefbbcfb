package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md's table is generated from {@link PipelineMetrics}: this test renders it and fails when the committed
 * block differs, printing the block to paste between the markers.
 */
class MetricsDocTest {
  static final String START = "<!-- catalogue:start (generated from PipelineMetrics by MetricsDocTest; do not edit) -->";
  static final String END = "<!-- catalogue:end -->";

  @Test
  void metricsMd_tableMatchesTheCatalogue() throws IOException {
    String doc = Files.readString(Vocabulary.RepoFiles.path("docs/metrics.md"));
    String expected = render();
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    String committed = start < 0 || end < start ? "(markers missing)" : doc.substring(start + START.length(), end);

    if (!committed.equals(expected)) {
      System.out.println("docs/metrics.md is out of date. Put this between the markers:\n" + START + expected + END);
    }
    assertThat(committed).as("docs/metrics.md catalogue block; the expected block is printed above").isEqualTo(expected);
  }

  static String render() {
    StringBuilder out = new StringBuilder("\n| metric (as in Prometheus/Mimir) | type | labels | OTel unit | buckets | recorded by | what |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Metric m : PipelineMetrics.all()) {
      out.append("| `").append(m.name()).append("` | ").append(m.kind().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(m.labels().isEmpty() ? "-" : m.labels().stream().map(l -> "`" + l + "`").collect(Collectors.joining(", ")))
          .append(" | `").append(m.unit()).append("` | ")
          .append(m.buckets().isEmpty() ? "-" : m.buckets().stream().map(MetricsDocTest::number).collect(Collectors.joining(", ")))
          .append(" | ").append(m.recordedBy()).append(" | ").append(m.description().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  private static String number(double value) {
    if (value >= 1024 * 1024 && value % (1024 * 1024) == 0) return (long) (value / (1024 * 1024)) + "Mi";
    if (value >= 1024 && value % 1024 == 0) return (long) (value / 1024) + "Ki";
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
