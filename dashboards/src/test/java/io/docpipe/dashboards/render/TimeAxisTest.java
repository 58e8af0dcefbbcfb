package io.docpipe.dashboards.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeAxisTest {
  private static final long EIGHT = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @Test
  void ticks_areWholeSteps_labelledHoursMinutesSeconds() {
    TimeAxis axis = new TimeAxis(EIGHT, EIGHT + 10 * MINUTE);

    List<String> labels = axis.ticks(6).stream().map(axis::label).toList();

    assertThat(labels).containsExactly("08:00:00", "08:02:00", "08:04:00", "08:06:00", "08:08:00", "08:10:00");
  }

  @Test
  void ticks_startAtTheFirstWholeStepInsideTheRange() {
    TimeAxis axis = new TimeAxis(EIGHT + 7_000, EIGHT + 47_000);

    assertThat(axis.ticks(5).stream().map(axis::label)).containsExactly("08:00:10", "08:00:20", "08:00:30",
        "08:00:40");
  }

  @Test
  void singleInstant_isWidened_soItsSamplesSitInTheMiddle() {
    TimeAxis axis = new TimeAxis(EIGHT, EIGHT);

    assertThat(axis.to()).isGreaterThan(axis.from());
    assertThat(axis.fraction(EIGHT)).isEqualTo(0.5);
  }

  @Test
  void spanning_coversEveryChartSample_gapsIncluded_andIgnoresStatPanels() {
    PanelView chart = new PanelView("c", "timeseries", new GridPos(0, 0, 12, 8), null, List.of(new SeriesView("a",
        List.of(new Point(EIGHT, 1), new Point(EIGHT + MINUTE, Double.NaN)))), null);
    PanelView stat = new PanelView("s", "stat", new GridPos(12, 0, 12, 8), null, List.of(new SeriesView("b",
        List.of(new Point(EIGHT - 60 * MINUTE, 1)))), null);

    assertThat(TimeAxis.spanning(List.of(chart, stat))).contains(new TimeAxis(EIGHT, EIGHT + MINUTE));
    assertThat(TimeAxis.spanning(List.of(stat))).isEmpty();
  }

  @Test
  void describe_namesTheRangeInUtc() {
    assertThat(new TimeAxis(EIGHT, EIGHT + 15 * MINUTE).describe())
        .isEqualTo("2026-11-22 08:00:00 – 08:15:00 UTC (15 min)");
  }
}
