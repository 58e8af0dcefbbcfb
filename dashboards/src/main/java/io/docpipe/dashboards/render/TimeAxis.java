package io.docpipe.dashboards.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time (horizontal) axis, shared by every chart of a dashboard as in Grafana: from the first to the last sample
 * of any chart panel. Labels are UTC, {@code HH:mm:ss} (with the date when the range spans more than a day).
 */
record TimeAxis(long from, long to) {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long[] STEPS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
      MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR,
      12 * HOUR, DAY, 2 * DAY, 7 * DAY};
  /** A range of a single instant is widened by this much each side, so its samples sit in the middle. */
  private static final long SINGLE_INSTANT_MARGIN = 30 * SECOND;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  TimeAxis {
    if (to < from) throw new IllegalArgumentException("to (" + to + ") must not be before from (" + from + ")");
    if (to == from) {
      from -= SINGLE_INSTANT_MARGIN;
      to += SINGLE_INSTANT_MARGIN;
    }
  }

  /** The range of every sample (gaps included) of the panels drawn as charts; empty when they have none. */
  static Optional<TimeAxis> spanning(List<PanelView> panels) {
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (PanelView panel : panels) {
      if (PanelKind.of(panel) != PanelKind.CHART) continue;
      for (SeriesView series : panel.series()) {
        for (Point p : series.points()) {
          from = Math.min(from, p.epochMillis());
          to = Math.max(to, p.epochMillis());
        }
      }
    }
    return from > to ? Optional.empty() : Optional.of(new TimeAxis(from, to));
  }

  double fraction(long epochMillis) {
    return (double) (epochMillis - from) / (to - from);
  }

  /** Ticks at whole multiples of the smallest step from {@link #STEPS} that gives at most {@code maxCount}. */
  List<Long> ticks(int maxCount) {
    long step = Math.ceilDiv(to - from, (long) maxCount * DAY) * DAY;
    for (long candidate : STEPS) {
      if (Math.floorDiv(to, candidate) - Math.ceilDiv(from, candidate) + 1 <= maxCount) {
        step = candidate;
        break;
      }
    }
    List<Long> ticks = new ArrayList<>();
    for (long t = Math.ceilDiv(from, step) * step; t <= to; t += step) ticks.add(t);
    return ticks;
  }

  String label(long epochMillis) {
    return (to - from > DAY ? DATE_TIME : TIME).format(Instant.ofEpochMilli(epochMillis));
  }

  /** The range for the dashboard's title band, e.g. "2026-11-22 08:00:00 – 08:15:00 UTC (15 min)". */
  String describe() {
    Duration span = Duration.ofMillis(to - from);
    String length = span.toHours() >= 2 ? span.toHours() + " h" : span.toMinutes() >= 2 ? span.toMinutes() + " min"
        : span.toSeconds() + " s";
    DateTimeFormatter end = span.toMillis() > DAY ? FULL : TIME;
    return FULL.format(Instant.ofEpochMilli(from)) + " – " + end.format(Instant.ofEpochMilli(to)) + " UTC (" + length
        + ")";
  }
}
