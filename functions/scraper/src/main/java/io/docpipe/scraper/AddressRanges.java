package io.docpipe.scraper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses the scraper never connects to: everything that is not a public unicast address (IANA's special-purpose
 * registries), plus blocks from configuration (the VPC's own ranges). IPv4-mapped, IPv4-compatible, NAT64 and Teredo
 * IPv6 are blocked whole; 6to4 ({@code 2002::/16}) is blocked when the IPv4 address it embeds is. Any IPv6 address
 * outside global unicast ({@code 2000::/3}) is blocked as well, so an unlisted new special range fails closed.
 */
final class AddressRanges {
  private record Range(String name, Cidr cidr) {}

  private static final List<Range> STANDARD = List.of(
      range("this network", "0.0.0.0/8"),
      range("private", "10.0.0.0/8"),
      range("shared address space (CGNAT)", "100.64.0.0/10"),
      range("loopback", "127.0.0.0/8"),
      range("link-local (instance metadata)", "169.254.0.0/16"),
      range("private", "172.16.0.0/12"),
      range("IETF protocol assignments", "192.0.0.0/24"),
      range("documentation", "192.0.2.0/24"),
      range("6to4 relay anycast", "192.88.99.0/24"),
      range("private", "192.168.0.0/16"),
      range("benchmarking", "198.18.0.0/15"),
      range("documentation", "198.51.100.0/24"),
      range("documentation", "203.0.113.0/24"),
      range("multicast", "224.0.0.0/4"),
      range("reserved and broadcast", "240.0.0.0/4"),
      range("unspecified, loopback and IPv4-compatible", "::/96"),
      range("IPv4-mapped", "::ffff:0:0/96"),
      range("NAT64", "64:ff9b::/96"),
      range("local-use NAT64", "64:ff9b:1::/48"),
      range("discard-only", "100::/64"),
      range("IETF protocol assignments (Teredo, benchmarking, ORCHID)", "2001::/23"),
      range("documentation", "2001:db8::/32"),
      range("documentation", "3fff::/20"),
      range("unique local (instance metadata fd00:ec2::254)", "fc00::/7"),
      range("link-local", "fe80::/10"),
      range("site-local", "fec0::/10"),
      range("multicast", "ff00::/8"));
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private final List<Range> blocked;
  private final List<Cidr> exempt;

  private AddressRanges(List<Range> blocked, List<Cidr> exempt) {
    this.blocked = List.copyOf(blocked);
    this.exempt = List.copyOf(exempt);
  }

  static AddressRanges standard() {
    return new AddressRanges(STANDARD, List.of());
  }

  /** These blocks and {@code extra} (from configuration). */
  AddressRanges plus(List<Cidr> extra) {
    List<Range> all = new ArrayList<>(blocked);
    extra.forEach(cidr -> all.add(new Range("configured (SCRAPER_BLOCKED_CIDRS)", cidr)));
    return new AddressRanges(all, exempt);
  }

  /**
   * These blocks with {@code carveOut} let through. Tests use it to stand a server on 127.0.0.1 in for a public site
   * while 127.0.0.2 stays blocked; production configuration has no way to set it.
   */
  AddressRanges except(Cidr carveOut) {
    List<Cidr> all = new ArrayList<>(exempt);
    all.add(carveOut);
    return new AddressRanges(blocked, all);
  }

  /** Why {@code address} (4 or 16 bytes) is blocked, such as "private 10.0.0.0/8"; empty when it is not. */
  Optional<String> blockedBy(byte[] address) {
    for (Cidr cidr : exempt) {
      if (cidr.contains(address)) return Optional.empty();
    }
    for (Range range : blocked) {
      if (range.cidr().contains(address)) return Optional.of(range.name() + " " + range.cidr());
    }
    if (SIX_TO_FOUR.contains(address)) {
      return blockedBy(Arrays.copyOfRange(address, 2, 6)).map(why -> "6to4 of " + why);
    }
    if (address.length == 16 && (address[0] & 0xe0) != 0x20) return Optional.of("outside global unicast 2000::/3");
    return Optional.empty();
  }

  static boolean loopback(byte[] address) {
    return address.length == 4 ? (address[0] & 0xff) == 127 : Arrays.equals(address, IpLiterals.ipv6("::1"));
  }

  private static Range range(String name, String cidr) {
    return new Range(name, Cidr.parse(cidr));
  }
}
