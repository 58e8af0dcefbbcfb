package io.docpipe.dashboards.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitFormatTest {

  @Test
  void format_examplesFromGrafanaUnits() {
    assertThat(UnitFormat.format(0.5, "s")).isEqualTo("500 ms");
    assertThat(UnitFormat.format(1536, "bytes")).isEqualTo("1.5 KiB");
    assertThat(UnitFormat.format(0.25, "reqps")).isEqualTo("0.25 req/s");
    assertThat(UnitFormat.format(1234567, "short")).isEqualTo("1.23 M");
    assertThat(UnitFormat.format(0.123, "percentunit")).isEqualTo("12.3%");
  }

  @Test
  void durations_pickTheLargestUnitKeepingTheNumberAboveOne() {
    assertThat(UnitFormat.format(2.5, "s")).isEqualTo("2.5 s");
    assertThat(UnitFormat.format(90, "s")).isEqualTo("1.5 min");
    assertThat(UnitFormat.format(7200, "s")).isEqualTo("2 h");
    assertThat(UnitFormat.format(0.000042, "s")).isEqualTo("42 µs");
    assertThat(UnitFormat.format(250, "ms")).isEqualTo("250 ms");
    assertThat(UnitFormat.format(1500, "ms")).isEqualTo("1.5 s");
  }

  @Test
  void rounding_thatReachesTheNextUnit_isShownInIt() {
    assertThat(UnitFormat.format(0.9996, "s")).isEqualTo("1 s");
    assertThat(UnitFormat.format(999_600, "short")).isEqualTo("1 M");
    assertThat(UnitFormat.format(59.99, "s")).isEqualTo("1 min");
    assertThat(UnitFormat.format(1024, "bytes")).isEqualTo("1 KiB");
  }

  @Test
  void zero_keepsThePanelsUnit() {
    assertThat(UnitFormat.format(0, "s")).isEqualTo("0 s");
    assertThat(UnitFormat.format(0, "ms")).isEqualTo("0 ms");
    assertThat(UnitFormat.format(0, "bytes")).isEqualTo("0 B");
    assertThat(UnitFormat.format(0, "percentunit")).isEqualTo("0%");
  }

  @Test
  void bytes_iecAndSi() {
    assertThat(UnitFormat.format(512, "bytes")).isEqualTo("512 B");
    assertThat(UnitFormat.format(3 * 1024 * 1024, "bytes")).isEqualTo("3 MiB");
    assertThat(UnitFormat.format(1500, "decbytes")).isEqualTo("1.5 kB");
  }

  @Test
  void rates_percentAndShort() {
    assertThat(UnitFormat.format(1500, "reqps")).isEqualTo("1.5 K req/s");
    assertThat(UnitFormat.format(12, "ops")).isEqualTo("12 ops/s");
    assertThat(UnitFormat.format(99.5, "percent")).isEqualTo("99.5%");
    assertThat(UnitFormat.format(850, "short")).isEqualTo("850");
    assertThat(UnitFormat.format(-2500, "short")).isEqualTo("-2.5 K");
  }

  @Test
  void unknownOrMissingUnit_isAPlainNumber() {
    assertThat(UnitFormat.format(1234567, "furlongs")).isEqualTo("1230000");
    assertThat(UnitFormat.format(0.000123456, null)).isEqualTo("0.000123");
    assertThat(UnitFormat.format(3, "none")).isEqualTo("3");
    assertThat(UnitFormat.format(3, "suffix: jobs")).isEqualTo("3 jobs");
  }

  @Test
  void moreDigits_whenAsked() {
    assertThat(UnitFormat.format(1002, "short", 3)).isEqualTo("1 K");
    assertThat(UnitFormat.format(1002, "short", 4)).isEqualTo("1.002 K");
  }

  @Test
  void scale_isTheRawAmountShownAsOneUnit() {
    assertThat(UnitFormat.scale(400, "s")).isEqualTo(60);
    assertThat(UnitFormat.scale(0.4, "s")).isEqualTo(1e-3);
    assertThat(UnitFormat.scale(1500, "bytes")).isEqualTo(1024);
    assertThat(UnitFormat.scale(2_000_000, "short")).isEqualTo(1e6);
    assertThat(UnitFormat.scale(0.5, "percentunit")).isEqualTo(0.01);
    assertThat(UnitFormat.scale(0, "s")).isEqualTo(1);
  }

  @Test
  void nonFiniteValues_areNamed() {
    assertThat(UnitFormat.format(Double.NaN, "s")).isEqualTo("NaN");
    assertThat(UnitFormat.format(Double.POSITIVE_INFINITY, "s")).isEqualTo("+Inf");
    assertThat(UnitFormat.format(Double.MAX_VALUE, "percentunit")).isEqualTo("+Inf");
  }
}
