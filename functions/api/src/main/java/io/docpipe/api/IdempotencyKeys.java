package io.docpipe.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} header of {@code POST /jobs}: 1 to 255 printable ASCII characters. Only its SHA-256 is
 * stored, so a key never reaches the table, a log line or a span as the client wrote it.
 */
final class IdempotencyKeys {
  static final String HEADER = "Idempotency-Key";
  static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {}

  /** Null when {@code key} is acceptable, else why not. */
  static String problem(String key) {
    if (key.isEmpty() || key.length() > MAX_LENGTH) return HEADER + " must be 1 to " + MAX_LENGTH + " characters";
    if (key.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) return HEADER + " must be printable ASCII";
    return null;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
