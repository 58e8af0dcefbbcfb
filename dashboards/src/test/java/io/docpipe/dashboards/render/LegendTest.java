package io.docpipe.dashboards.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LegendTest {
  private static FontMetrics metrics;

  @BeforeAll
  static void fontMetrics() {
    DashboardImage.render(new RenderedDashboard("", List.of()));  // headless before any other AWT use
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    metrics = g.getFontMetrics(Theme.LABEL);
    g.dispose();
  }

  @Test
  void fewShortNames_allShown_onOneLine() {
    Legend.Layout layout = Legend.layout(metrics, List.of("scraping", "chunking", "embedding"), 3, 700, 2);

    assertThat(layout.items()).extracting(Legend.Item::label).containsExactly("scraping", "chunking", "embedding");
    assertThat(layout.lines()).isEqualTo(1);
    assertThat(layout.more()).isEmpty();
  }

  @Test
  void seriesBeyondTheDrawnOnes_areCountedAsMore() {
    List<String> names = IntStream.range(0, 8).mapToObj(i -> "job=\"function-number-" + i + "\"").toList();

    Legend.Layout layout = Legend.layout(metrics, names, 12, 700, 2);

    assertThat(layout.lines()).isLessThanOrEqualTo(2);
    assertThat(layout.more()).isEqualTo("+" + (12 - layout.items().size()) + " more");
    int lastEnd = layout.moreX() + metrics.stringWidth(layout.more());
    assertThat(lastEnd).isLessThanOrEqualTo(700);
  }

  @Test
  void longName_isCutWithAnEllipsis() {
    String longName = "x".repeat(300);

    Legend.Layout layout = Legend.layout(metrics, List.of(longName, "b"), 2, 700, 1);

    assertThat(layout.items().getFirst().label()).endsWith("…");
    assertThat(metrics.stringWidth(layout.items().getFirst().label())).isLessThanOrEqualTo(240);
  }

  @Test
  void singleUnnamedSeries_hasNoLegend() {
    assertThat(Legend.layout(metrics, List.of(""), 1, 700, 2).height()).isZero();
  }
}
