package io.docpipe.scraper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Tells a binary body from text whatever its Content-Type says, from its first kilobyte: a known file signature, a
 * NUL byte, or a high share of control bytes. A PNG served as text/html would otherwise become a few dozen chunks of
 * noise whose NUL bytes PostgreSQL refuses. UTF-16 and UTF-32 text (a byte-order mark, or the charset named) is full
 * of NULs, so it is judged by its signatures only.
 */
final class BodySniffer {
  static final int SNIFF_BYTES = 1024;
  /** More control bytes than this share of the sniffed ones is not text in any encoding we read. */
  private static final double MAX_CONTROL_SHARE = 0.10;
  /**
   * Signatures of formats that may go a kilobyte without a NUL byte; each starts with a byte or a run no text page
   * starts with (images, PDF, archives, compressed streams, executables, fonts).
   */
  private static final List<byte[]> SIGNATURES = List.of(
      bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), ascii("GIF87a"), ascii("GIF89a"), bytes(0xFF, 0xD8, 0xFF),
      ascii("%PDF-"), bytes('P', 'K', 3, 4), bytes(0x1F, 0x8B), bytes(0x7F, 'E', 'L', 'F'),
      bytes(0x1A, 0x45, 0xDF, 0xA3), bytes(0xCA, 0xFE, 0xBA, 0xBE), bytes('7', 'z', 0xBC, 0xAF, 0x27, 0x1C),
      bytes('R', 'a', 'r', '!', 0x1A, 0x07), bytes(0x28, 0xB5, 0x2F, 0xFD),
      bytes(0xFD, '7', 'z', 'X', 'Z', 0x00), ascii("wOFF"), ascii("wOF2"));

  private BodySniffer() {}

  /** True when {@code body}, declared in {@code charset} (may be null), is not text. */
  static boolean binary(byte[] body, String charset) {
    for (byte[] signature : SIGNATURES) {
      if (startsWith(body, signature)) return true;
    }
    if (wide(body, charset)) return false;
    int n = Math.min(body.length, SNIFF_BYTES);
    int control = 0;
    for (int i = 0; i < n; i++) {
      int b = body[i] & 0xFF;
      if (b == 0) return true;
      // Tab, line feed, form feed, carriage return and escape (ISO-2022 switches) are text's own.
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' && b != 0x1B) control++;
    }
    return n > 0 && control > n * MAX_CONTROL_SHARE;
  }

  private static boolean wide(byte[] body, String charset) {
    if (startsWith(body, bytes(0xFE, 0xFF)) || startsWith(body, bytes(0xFF, 0xFE))) return true;
    String name = charset == null ? "" : charset.toLowerCase(Locale.ROOT);
    return name.startsWith("utf-16") || name.startsWith("utf-32") || name.startsWith("utf16") || name.startsWith("utf32");
  }

  private static boolean startsWith(byte[] body, byte[] prefix) {
    if (body.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (body[i] != prefix[i]) return false;
    }
    return true;
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
