package io.docpipe.dashboards.render;

import java.time.Instant;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/** Panels and series for the renderer tests: one sample a minute from 08:00 UTC, as a query_range step of 60 s. */
final class Fixtures {
  static final long START = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();
  static final long STEP = 60_000;

  private Fixtures() {}

  static SeriesView series(String name, int points, IntToDoubleFunction value) {
    return new SeriesView(name, IntStream.range(0, points)
        .mapToObj(i -> new Point(START + i * STEP, value.applyAsDouble(i))).toList());
  }

  static SeriesView constant(String name, int points, double value) {
    return series(name, points, i -> value);
  }

  static PanelView panel(String title, String type, GridPos pos, String unit, SeriesView... series) {
    return new PanelView(title, type, pos, unit, List.of(series), null);
  }

  static PanelView empty(String title, String type, GridPos pos, String note) {
    return new PanelView(title, type, pos, null, List.of(), note);
  }
}
