package io.docpipe.dashboards.render;

import static io.docpipe.dashboards.render.Fixtures.constant;
import static io.docpipe.dashboards.render.Fixtures.empty;
import static io.docpipe.dashboards.render.Fixtures.panel;
import static io.docpipe.dashboards.render.Fixtures.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DashboardImageTest {
  private static final GridPos WIDE = new GridPos(0, 0, 24, 10);

  @Test
  void render_imageSize_followsTheGrid_headless() {
    RenderedDashboard dashboard = new RenderedDashboard("d", List.of(
        empty("row", "row", new GridPos(0, 0, 24, 1), null),
        panel("ts", "timeseries", new GridPos(0, 1, 12, 8), "s", constant("a", 10, 1)),
        empty("note", "stat", new GridPos(12, 1, 12, 16), null)));

    BufferedImage image = DashboardImage.render(dashboard);

    assertThat(image.getWidth()).isEqualTo(1440);
    assertThat(image.getHeight()).isEqualTo(GridLayout.HEADER_HEIGHT + 17 * 30 + GridLayout.FOOTER_HEIGHT);
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
  }

  @Test
  void timeseries_constantSeries_crossTheRowsOfTheirValues() {
    BufferedImage image = render(panel("levels", "timeseries", WIDE, "short",
        constant("four", 61, 4), constant("two", 61, 2), constant("zero", 61, 0)));
    Rectangle content = content(WIDE);
    int x = content.x + content.width * 3 / 4;

    List<Integer> four = Pixels.rowsWith(image, x, content.y, content.y + content.height, Theme.series(0));
    List<Integer> two = Pixels.rowsWith(image, x, content.y, content.y + content.height, Theme.series(1));
    List<Integer> zero = Pixels.rowsWith(image, x, content.y, content.y + content.height, Theme.series(2));

    assertThat(List.of(four, two, zero)).allSatisfy(rows -> assertThat(rows).hasSizeBetween(1, 4));
    assertThat(Pixels.mean(four)).isLessThan(Pixels.mean(two));
    assertThat(Pixels.mean(two)).isLessThan(Pixels.mean(zero));
    assertThat(Pixels.mean(two)).as("2 lies halfway between 0 and 4")
        .isCloseTo((Pixels.mean(four) + Pixels.mean(zero)) / 2, within(1.5));
    int left = content.x + content.width / 4;
    assertThat(Pixels.rowsWith(image, left, content.y, content.y + content.height, Theme.series(0)))
        .as("a constant series is a horizontal line").isEqualTo(four);
  }

  @Test
  void timeseries_nanValues_leaveAGap() {
    BufferedImage image = render(panel("gap", "timeseries", WIDE, "short",
        series("", 61, i -> i >= 20 && i < 40 ? Double.NaN : 1)));

    List<Integer> columns = Pixels.columnsWith(image, content(WIDE), Theme.series(0));

    int first = columns.getFirst();
    double perMinute = (columns.getLast() - first) / 60.0;
    assertThat(columns).contains((int) (first + 10 * perMinute), (int) (first + 50 * perMinute));
    assertThat(columns).noneMatch(x -> x > first + 19 * perMinute + 4 && x < first + 40 * perMinute - 4);
  }

  @Test
  void timeseries_singlePoint_isADot() {
    BufferedImage image = render(panel("dot", "timeseries", WIDE, "short",
        new SeriesView("", List.of(new Point(Fixtures.START, 5)))));

    List<Integer> columns = Pixels.columnsWith(image, content(WIDE), Theme.series(0));

    assertThat(columns).hasSizeBetween(3, 8);
    assertThat(Pixels.count(image, content(WIDE), Theme.series(0))).isBetween(9, 64);
  }

  @Test
  void stat_drawsTheLastValue_inTheSeriesColour() {
    GridPos pos = new GridPos(0, 0, 6, 4);
    BufferedImage image = render(panel("completed", "stat", pos, "short", series("jobs", 61, i -> i * 20.0)));

    assertThat(Pixels.count(image, content(pos), Theme.series(0))).isGreaterThan(100);
  }

  @Test
  void emptyPanels_showTheirNote_inTheirCentre() {
    GridPos loki = new GridPos(0, 0, 12, 8);
    GridPos nothing = new GridPos(12, 0, 12, 8);
    BufferedImage image = DashboardImage.render(new RenderedDashboard("d", List.of(
        empty("loki", "timeseries", loki, "Loki: not evaluated locally"),
        empty("nothing", "table", nothing, null))));

    for (GridPos pos : List.of(loki, nothing)) {
      Rectangle content = content(pos);
      Rectangle centre = new Rectangle((int) content.getCenterX() - 60, (int) content.getCenterY() - 12, 120, 24);
      Rectangle corner = new Rectangle(content.x + 4, content.y + content.height - 40, 60, 30);
      assertThat(Pixels.countDifferent(image, centre, Theme.PANEL)).as("note at %s", pos).isGreaterThan(40);
      assertThat(Pixels.countDifferent(image, corner, Theme.PANEL)).as("nothing else at %s", pos).isZero();
    }
  }

  @Test
  void table_drawsOneRowPerSeries() {
    GridPos pos = new GridPos(0, 0, 8, 8);
    BufferedImage image = render(panel("domains", "table", pos, "short",
        constant("a.example", 1, 3), constant("b.example", 1, 2), constant("c.example", 1, 1)));
    Rectangle content = content(pos);

    List<Integer> inked = new ArrayList<>();
    for (int row = 1; row <= 6; row++) {
      Rectangle band = new Rectangle(content.x + 8, content.y + row * 20 + 2, content.width - 16, 16);
      if (Pixels.countDifferent(image, band, Theme.PANEL) > 0) inked.add(row);
    }

    assertThat(inked).containsExactly(1, 2, 3);
  }

  @Test
  void row_isAHeaderLine_withoutABox() {
    GridPos pos = new GridPos(0, 0, 24, 1);
    BufferedImage image = render(empty("Section", "row", pos, null));
    Rectangle cell = GridLayout.bounds(pos);

    assertThat(image.getRGB(cell.x + cell.width - 10, cell.y + 4) & 0xFFFFFF)
        .isEqualTo(Theme.BACKGROUND.getRGB() & 0xFFFFFF);
    assertThat(image.getRGB((int) cell.getCenterX(), cell.y + cell.height - 2) & 0xFFFFFF)
        .isEqualTo(Theme.BORDER.getRGB() & 0xFFFFFF);
    Rectangle title = new Rectangle(cell.x, cell.y, 80, cell.height - 3);
    assertThat(Pixels.countDifferent(image, title, Theme.BACKGROUND)).isGreaterThan(20);
  }

  @Test
  void fiftyPanels_manySeriesAndPoints_render() {
    List<String> types = List.of("timeseries", "stat", "table", "heatmap", "state-timeline", "bargauge", "text");
    List<PanelView> panels = new ArrayList<>();
    for (int p = 0; p < 50; p++) {
      List<SeriesView> series = new ArrayList<>();
      for (int s = 0; s < 12; s++) {
        int phase = s;
        series.add(series("series " + s + " of panel " + p, 720, i -> Math.sin((i + phase * 10) / 30.0) * 100));
      }
      panels.add(new PanelView("panel " + p, types.get(p % types.size()), new GridPos(p % 4 * 6, p / 4 * 8, 6, 8),
          "reqps", series, null));
    }

    BufferedImage image = DashboardImage.render(new RenderedDashboard("fifty", panels));

    assertThat(image.getHeight()).isEqualTo(GridLayout.HEADER_HEIGHT + 13 * 8 * 30 + GridLayout.FOOTER_HEIGHT);
  }

  @Test
  void write_sampleDashboard_toTarget() throws IOException {
    Path png = Path.of("target", "render-sample.png");
    Files.deleteIfExists(png);

    DashboardImage.write(SampleDashboard.pipeline(), png);

    BufferedImage read = ImageIO.read(png.toFile());
    assertThat(read.getWidth()).isEqualTo(1440);
    assertThat(read.getHeight()).isEqualTo(GridLayout.HEADER_HEIGHT + 32 * 30 + GridLayout.FOOTER_HEIGHT);
  }

  private static BufferedImage render(PanelView panel) {
    return DashboardImage.render(new RenderedDashboard("test", List.of(panel)));
  }

  /** The panel's box below its title: where its content (and nothing of the frame but the border) is. */
  private static Rectangle content(GridPos pos) {
    Rectangle box = GridLayout.bounds(pos);
    return new Rectangle(box.x + 2, box.y + PanelFrame.TITLE_HEIGHT, box.width - 4,
        box.height - PanelFrame.TITLE_HEIGHT - 2);
  }
}
