package io.docpipe.scraper;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A URL's host in its one canonical form, as a browser would arrive at it: percent-decoded, IDNA-mapped (so full-width
 * digits and ideographic dots become ASCII), lower case; an address literal in any notation becomes its dotted quad
 * or RFC 5952 text, and a name loses its trailing dot. Two hosts that reach the same place compare equal.
 */
final class Hosts {
  private Hosts() {}

  /** Throws IllegalArgumentException, with a message fit for the job's log, when {@code raw} is no usable host. */
  static String canonical(String raw) {
    if (raw.startsWith("[")) {
      if (!raw.endsWith("]")) throw new IllegalArgumentException("unclosed '[' in host");
      return IpLiterals.format(IpLiterals.ipv6(raw.substring(1, raw.length() - 1)));
    }
    String ascii;
    try {
      ascii = IDN.toASCII(percentDecoded(raw)).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("host is not a valid domain name: " + e.getMessage());
    }
    if (ascii.indexOf(':') >= 0) throw new IllegalArgumentException("IPv6 hosts must be in brackets");
    Optional<byte[]> literal = IpLiterals.parse(ascii);
    if (literal.isPresent()) return IpLiterals.format(literal.get());
    String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    requireName(name);
    return name;
  }

  /** The address a canonical host spells, or empty for a name. */
  static Optional<byte[]> literal(String canonicalHost) {
    return IpLiterals.parse(canonicalHost);
  }

  private static void requireName(String name) {
    if (name.isEmpty() || name.length() > 253) throw new IllegalArgumentException("host name is empty or too long");
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) throw new IllegalArgumentException("host has an empty or too long label");
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
        if (!ok) throw new IllegalArgumentException("host contains '" + c + "'");
      }
    }
  }

  private static String percentDecoded(String raw) {
    if (raw.indexOf('%') < 0) return raw;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length()) {
      int pct = raw.indexOf('%', i);
      if (pct < 0) pct = raw.length();
      bytes.writeBytes(raw.substring(i, pct).getBytes(StandardCharsets.UTF_8));
      if (pct == raw.length()) break;
      int hi = pct + 2 < raw.length() ? hex(raw.charAt(pct + 1)) : -1;
      int lo = hi >= 0 ? hex(raw.charAt(pct + 2)) : -1;
      if (lo < 0) throw new IllegalArgumentException("bad percent-encoding in host");
      bytes.write(hi * 16 + lo);
      i = pct + 3;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-encoded host is not UTF-8");
    }
  }

  private static int hex(char c) {
    return c < 128 ? Character.digit(c, 16) : -1;
  }
}
