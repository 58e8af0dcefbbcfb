package io.docpipe.scraper;

import java.util.Arrays;
import java.util.regex.Pattern;

/** A block of IPv4 or IPv6 addresses written as {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is a /32 or /128. */
final class Cidr {
  // Configuration is written in the plain notation only: no octal or hex parts, so "010.0.0.0/8" is not a surprise.
  private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    byte[] network;
    if (address.indexOf(':') >= 0 && address.indexOf('%') < 0) {
      network = IpLiterals.ipv6(address);
    } else if (DOTTED_QUAD.matcher(address).matches()) {
      network = IpLiterals.ipv4(address);
    } else {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR block (like 10.0.0.0/8 or fc00::/7)");
    }
    int bits = network.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = t.substring(slash + 1);
      if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
      }
      prefix = Integer.parseInt(digits);
    }
    Cidr cidr = new Cidr(network, prefix);
    if (!Arrays.equals(masked(network, prefix), network)) {
      throw new IllegalArgumentException("'" + text + "' has bits set after the prefix; the block is " + cidr.masked());
    }
    return cidr;
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this block; an IPv4 address is never in an IPv6 block. */
  boolean contains(byte[] address) {
    return address.length == network.length && Arrays.equals(masked(address, prefixLength), network);
  }

  private String masked() {
    return IpLiterals.format(masked(network, prefixLength)) + "/" + prefixLength;
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] &= (byte) (0xff00 >>> keep);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return IpLiterals.format(network) + "/" + prefixLength;
  }
}
