package io.docpipe.scraper;

import java.util.Optional;

/**
 * IP address literals read the way browsers and curl read a URL's host (the WHATWG URL standard, which follows libc's
 * {@code inet_aton}): IPv4 in one to four parts, each decimal, octal ({@code 0177}) or hex ({@code 0x7f}), the last
 * filling the remaining bytes ({@code 127.1}, {@code 2130706433}), a trailing dot allowed; IPv6 with {@code ::},
 * an IPv4 tail and a zone id. java.net.URI and InetAddress read several of these differently, so a check built on
 * them could pass a host that curl sends to 127.0.0.1. Addresses are 4 or 16 bytes.
 */
final class IpLiterals {
  private IpLiterals() {}

  /** The address {@code host} spells, or empty when it is a name. Throws when it looks numeric but is no address. */
  static Optional<byte[]> parse(String host) {
    if (host.startsWith("[") && host.endsWith("]")) return Optional.of(ipv6(host.substring(1, host.length() - 1)));
    if (host.indexOf(':') >= 0) return Optional.of(ipv6(host));
    return endsInNumber(host) ? Optional.of(ipv4(host)) : Optional.empty();
  }

  /** Whether the last label is a number, which makes the whole host an IPv4 address or an error, never a name. */
  static boolean endsInNumber(String host) {
    String[] parts = host.split("\\.", -1);
    int n = parts.length;
    if (parts[n - 1].isEmpty()) {
      if (n == 1) return false;
      n--;
    }
    String last = parts[n - 1];
    if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) return true;
    return number(last) >= 0;
  }

  static byte[] ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    int n = parts.length;
    if (n > 1 && parts[n - 1].isEmpty()) n--;
    if (n > 4) throw invalid(host, "more than four parts");
    long value = 0;
    for (int i = 0; i < n; i++) {
      long part = number(parts[i]);
      if (part < 0) throw invalid(host, "part '" + parts[i] + "' is not a number");
      boolean last = i == n - 1;
      if (!last && part > 255) throw invalid(host, "part '" + parts[i] + "' is over 255");
      if (last && part >= 1L << (8 * (5 - n))) throw invalid(host, "last part '" + parts[i] + "' is too large");
      value = last ? value + part : value + (part << (8 * (3 - i)));
    }
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  /** One IPv4 part: 0x-prefixed hex, 0-prefixed octal, or decimal; -1 when it is none of them (or over 32 bits). */
  private static long number(String part) {
    if (part.isEmpty()) return -1;
    int radix = 10;
    String digits = part;
    if (part.length() >= 2 && part.charAt(0) == '0' && (part.charAt(1) == 'x' || part.charAt(1) == 'X')) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() >= 2 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      int d = c < 128 ? Character.digit(c, radix) : -1;
      if (d < 0) return -1;
      value = value * radix + d;
      if (value > 0xffff_ffffL) return -1;
    }
    return value;
  }

  /** IPv6 text without brackets; see {@link Ipv6Text}. */
  static byte[] ipv6(String text) {
    return Ipv6Text.parse(text);
  }

  /** Dotted quad, or RFC 5952 IPv6 (lower case, longest run of two or more zero pieces as {@code ::}), unbracketed. */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
    return Ipv6Text.format(address);
  }

  static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("'" + text + "' looks like an IP address but is not one: " + why);
  }
}
