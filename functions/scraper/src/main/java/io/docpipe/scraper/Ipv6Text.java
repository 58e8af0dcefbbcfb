package io.docpipe.scraper;

/**
 * IPv6 address text, read by the WHATWG URL standard's IPv6 parser (what browsers and curl accept: {@code ::}
 * anywhere once, one to four hex digits a piece, a dotted IPv4 tail in the last 32 bits) and written per RFC 5952.
 */
final class Ipv6Text {
  private Ipv6Text() {}

  /** IPv6 text without brackets; a zone id ({@code %eth0}, {@code %25eth0}) is dropped. */
  static byte[] parse(String text) {
    int zone = text.indexOf('%');
    if (zone >= 0) {
      if (zone == text.length() - 1) throw IpLiterals.invalid(text, "empty zone id");
      text = text.substring(0, zone);
    }
    int[] pieces = new int[8];
    int index = 0;
    int compress = -1;
    int p = 0;
    int len = text.length();
    if (len == 0) throw IpLiterals.invalid(text, "empty");
    if (text.charAt(0) == ':') {
      if (len < 2 || text.charAt(1) != ':') throw IpLiterals.invalid(text, "starts with a single ':'");
      p = 2;
      compress = ++index;
    }
    while (p < len) {
      if (index == 8) throw IpLiterals.invalid(text, "more than eight pieces");
      if (text.charAt(p) == ':') {
        if (compress >= 0) throw IpLiterals.invalid(text, "more than one '::'");
        p++;
        compress = ++index;
        continue;
      }
      int value = 0;
      int length = 0;
      while (length < 4 && p < len && Character.digit(text.charAt(p), 16) >= 0 && text.charAt(p) < 128) {
        value = value * 16 + Character.digit(text.charAt(p), 16);
        p++;
        length++;
      }
      if (p < len && text.charAt(p) == '.') {
        if (length == 0 || index > 6) throw IpLiterals.invalid(text, "misplaced IPv4 tail");
        return embedIpv4(text, p - length, pieces, index, compress);
      }
      if (p < len && text.charAt(p) == ':') {
        if (++p == len) throw IpLiterals.invalid(text, "ends with a single ':'");
      } else if (p < len) {
        throw IpLiterals.invalid(text, "unexpected '" + text.charAt(p) + "'");
      }
      pieces[index++] = value;
    }
    return bytes(text, pieces, index, compress);
  }

  private static byte[] embedIpv4(String text, int p, int[] pieces, int index, int compress) {
    int len = text.length();
    int seen = 0;
    while (p < len) {
      if (seen > 0) {
        if (text.charAt(p) != '.' || seen == 4) throw IpLiterals.invalid(text, "bad IPv4 tail");
        p++;
      }
      if (p == len || text.charAt(p) < '0' || text.charAt(p) > '9') throw IpLiterals.invalid(text, "bad IPv4 tail");
      int part = -1;
      while (p < len && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
        int digit = text.charAt(p++) - '0';
        if (part == 0) throw IpLiterals.invalid(text, "leading zero in the IPv4 tail");
        part = part < 0 ? digit : part * 10 + digit;
        if (part > 255) throw IpLiterals.invalid(text, "IPv4 tail part over 255");
      }
      pieces[index] = pieces[index] * 0x100 + part;
      if (++seen % 2 == 0) index++;
    }
    if (seen != 4) throw IpLiterals.invalid(text, "IPv4 tail of fewer than four parts");
    return bytes(text, pieces, index, compress);
  }

  private static byte[] bytes(String text, int[] pieces, int index, int compress) {
    if (compress >= 0) {
      for (int swaps = index - compress, i = 7; i != 0 && swaps > 0; i--, swaps--) {
        int t = pieces[i];
        pieces[i] = pieces[compress + swaps - 1];
        pieces[compress + swaps - 1] = t;
      }
    } else if (index != 8) {
      throw IpLiterals.invalid(text, "fewer than eight pieces and no '::'");
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (pieces[i] >>> 8);
      out[2 * i + 1] = (byte) pieces[i];
    }
    return out;
  }

  /** RFC 5952: lower case, no leading zeros, the longest (first) run of two or more zero pieces as {@code ::}. */
  static String format(byte[] address) {
    int[] pieces = new int[8];
    for (int i = 0; i < 8; i++) pieces[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && pieces[j] == 0) j++;
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') out.append(':');
      out.append(Integer.toHexString(pieces[i]));
    }
    return out.toString();
  }
}
