package io.docpipe.dashboards.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a value in a Grafana unit the way Grafana's axis and stat labels do: scaled to a readable magnitude
 * ({@code 0.5 s} is "500 ms", {@code 1536 bytes} is "1.5 KiB") with a number of significant digits. Units this class
 * does not know, and {@code none}, are printed as plain numbers; {@code suffix:x} appends {@code x}.
 */
final class UnitFormat {
  static final int DEFAULT_DIGITS = 3;

  private static final double[] DURATIONS = {1e-9, 1e-6, 1e-3, 1, 60, 3600, 86400};
  private static final String[] DURATION_NAMES = {" ns", " µs", " ms", " s", " min", " h", " d"};
  private static final double[] THOUSANDS = {1, 1e3, 1e6, 1e9, 1e12, 1e15};
  private static final double[] KIBIS = {1, 0x1p10, 0x1p20, 0x1p30, 0x1p40, 0x1p50};
  private static final String[] SHORT = {"", " K", " M", " B", " T", " Q"};
  private static final String[] IEC_BYTES = {" B", " KiB", " MiB", " GiB", " TiB", " PiB"};
  private static final String[] SI_BYTES = {" B", " kB", " MB", " GB", " TB", " PB"};
  private static final String[] SI_BITS = {" b", " kb", " Mb", " Gb", " Tb", " Pb"};
  private static final String[] HERTZ = {" Hz", " kHz", " MHz", " GHz", " THz", " PHz"};

  /**
   * How a unit is shown: the value times {@code toBase} is divided by the largest of {@code scales} it reaches and
   * named by the matching entry of {@code names}, then {@code suffix}. Zero is named {@code zeroName}.
   */
  private record Family(double toBase, double[] scales, String[] names, String zeroName, String suffix) {
    static Family duration(double seconds, String name) {
      return new Family(seconds, DURATIONS, DURATION_NAMES, name, "");
    }

    static Family scaled(double toBase, double[] scales, String[] names, String suffix) {
      return new Family(toBase, scales, names, names[0], suffix);
    }

    static Family plain(double toBase, String suffix) {
      return new Family(toBase, new double[] {1}, new String[] {""}, "", suffix);
    }

    /** The largest scale {@code base} reaches, or the next one up when rounding makes it reach that (999.6 ms). */
    int scaleIndex(double base, int digits) {
      int i = scales.length - 1;
      while (i > 0 && Math.abs(base) < scales[i]) i--;
      if (i + 1 == scales.length) return i;
      return Math.abs(round(base / scales[i], digits)) >= scales[i + 1] / scales[i] ? i + 1 : i;
    }
  }

  private UnitFormat() {}

  static String format(double value, String unit) {
    return format(value, unit, DEFAULT_DIGITS);
  }

  static String format(double value, String unit, int digits) {
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
    Family family = family(unit);
    double base = value * family.toBase();
    if (Double.isInfinite(base)) return base > 0 ? "+Inf" : "-Inf";
    if (round(base, digits) == 0) return "0" + family.zeroName() + family.suffix();
    int i = family.scaleIndex(base, digits);
    return number(base / family.scales()[i], digits) + family.names()[i] + family.suffix();
  }

  /**
   * The raw amount that {@link #format} shows as 1 of its unit for values of this magnitude: 60 for 400 {@code s}
   * (shown in minutes), 1024 for 1500 {@code bytes}. Axis ticks are chosen in these units so they read as round.
   */
  static double scale(double magnitude, String unit) {
    Family family = family(unit);
    double base = magnitude * family.toBase();
    if (base == 0 || !Double.isFinite(base)) return 1;
    return family.scales()[family.scaleIndex(base, DEFAULT_DIGITS)] / family.toBase();
  }

  private static Family family(String unit) {
    String u = unit == null ? "" : unit;
    return switch (u) {
      case "ns" -> Family.duration(1e-9, " ns");
      case "us", "µs" -> Family.duration(1e-6, " µs");
      case "ms" -> Family.duration(1e-3, " ms");
      case "s" -> Family.duration(1, " s");
      case "m" -> Family.duration(60, " min");
      case "h" -> Family.duration(3600, " h");
      case "d" -> Family.duration(86400, " d");
      case "bytes" -> Family.scaled(1, KIBIS, IEC_BYTES, "");
      case "kbytes" -> Family.scaled(0x1p10, KIBIS, IEC_BYTES, "");
      case "mbytes" -> Family.scaled(0x1p20, KIBIS, IEC_BYTES, "");
      case "decbytes" -> Family.scaled(1, THOUSANDS, SI_BYTES, "");
      case "bits" -> Family.scaled(1, THOUSANDS, SI_BITS, "");
      case "Bps" -> Family.scaled(1, THOUSANDS, SI_BYTES, "/s");
      case "binBps" -> Family.scaled(1, KIBIS, IEC_BYTES, "/s");
      case "bps" -> Family.scaled(1, THOUSANDS, SI_BITS, "/s");
      case "hertz" -> Family.scaled(1, THOUSANDS, HERTZ, "");
      case "reqps" -> Family.scaled(1, THOUSANDS, SHORT, " req/s");
      case "reqpm" -> Family.scaled(1, THOUSANDS, SHORT, " req/min");
      case "ops" -> Family.scaled(1, THOUSANDS, SHORT, " ops/s");
      case "opm" -> Family.scaled(1, THOUSANDS, SHORT, " ops/min");
      case "rps" -> Family.scaled(1, THOUSANDS, SHORT, " rd/s");
      case "wps" -> Family.scaled(1, THOUSANDS, SHORT, " wr/s");
      case "iops" -> Family.scaled(1, THOUSANDS, SHORT, " io/s");
      case "cps" -> Family.scaled(1, THOUSANDS, SHORT, " c/s");
      case "short" -> Family.scaled(1, THOUSANDS, SHORT, "");
      case "percent" -> Family.plain(1, "%");
      case "percentunit" -> Family.plain(100, "%");
      default -> Family.plain(1, u.startsWith("suffix:") ? u.substring("suffix:".length()) : "");
    };
  }

  private static String number(double value, int digits) {
    double rounded = round(value, digits);
    return rounded == 0 ? "0" : BigDecimal.valueOf(rounded).stripTrailingZeros().toPlainString();
  }

  private static double round(double value, int digits) {
    if (value == 0 || !Double.isFinite(value)) return value;
    return new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_UP)).doubleValue();
  }
}
