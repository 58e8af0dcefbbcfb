package io.docpipe.shared.telemetry;

/** Caps strings for logs: one verbose field must not flood Loki or CloudWatch (the spec's 512-character rule). */
final class Truncation {
  static final char ELLIPSIS = '\u2026';

  private Truncation() {}

  /** {@code value} if it fits, else its first {@code max - 1} characters and an ellipsis, never half a surrogate pair. */
  static String cap(String value, int max) {
    if (value == null || value.length() <= max) return value;
    int end = max - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) end--;
    return value.substring(0, end) + ELLIPSIS;
  }
}
