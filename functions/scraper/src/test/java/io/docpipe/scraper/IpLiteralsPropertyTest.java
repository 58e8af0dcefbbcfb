package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random addresses in random notations, and random hosts that are not addresses. */
class IpLiteralsPropertyTest {

  /** Each part decimal, octal (with extra zeros) or hex (either case, extra zeros), one to four parts, maybe a dot. */
  @Property(tries = 2000)
  void everyIpv4Notation_normalisesToTheSameAddress(@ForAll int address, @ForAll @IntRange(min = 1, max = 4) int parts,
      @ForAll @Size(4) List<@IntRange(min = 0, max = 2) Integer> radixes,
      @ForAll @Size(4) List<@IntRange(min = 0, max = 3) Integer> extraZeros, @ForAll boolean upperCase,
      @ForAll boolean trailingDot) {
    long value = address & 0xffff_ffffL;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      boolean last = i == parts - 1;
      long part = last ? value & ((1L << (8 * (4 - i))) - 1) : value >>> (8 * (3 - i)) & 0xff;
      if (i > 0) text.append('.');
      text.append(notation(part, radixes.get(i), extraZeros.get(i), upperCase));
    }
    if (trailingDot) text.append('.');
    String dotted = (value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value & 0xff);

    assertThat(Hosts.canonical(text.toString())).as(text.toString()).isEqualTo(dotted);
    assertThat(Target.parse("http://" + text + ":8080/").host()).as(text.toString()).isEqualTo(dotted);
  }

  /** RFC 5952 text, full text with padded upper-case pieces, Java's own text, and an IPv4 tail all read back alike. */
  @Property(tries = 2000)
  void everyIpv6Notation_normalisesToTheSameAddress(@ForAll("ipv6") byte[] address) throws Exception {
    String canonical = IpLiterals.format(address);
    StringBuilder padded = new StringBuilder();
    StringBuilder tail = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      int piece = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
      padded.append(i > 0 ? ":" : "").append(String.format(Locale.ROOT, "%04X", piece));
      if (i < 6) tail.append(Integer.toHexString(piece)).append(':');
    }
    tail.append(address[12] & 0xff).append('.').append(address[13] & 0xff).append('.').append(address[14] & 0xff)
        .append('.').append(address[15] & 0xff);
    String java = Inet6Address.getByAddress(null, address, -1).getHostAddress();

    for (String text : List.of(canonical, padded.toString(), tail.toString(), java)) {
      assertThat(IpLiterals.ipv6(text)).as(text).isEqualTo(address);
      assertThat(Hosts.canonical("[" + text + "]")).as(text).isEqualTo(canonical);
    }
    InetAddress javaReadsOurs = InetAddress.getByName("[" + canonical + "]");
    if (javaReadsOurs instanceof Inet6Address) assertThat(javaReadsOurs.getAddress()).as(canonical).isEqualTo(address);
  }

  /** Labels of letters, digits, hyphens and x: a host either stays the name it was, or ends in a number and is read as one. */
  @Property(tries = 3000)
  void randomHosts_areNamesOrNumbers_neverSomethingInBetween(@ForAll("hosts") String host) {
    Optional<String> canonical;
    try {
      canonical = Optional.of(Hosts.canonical(host));
    } catch (IllegalArgumentException e) {
      canonical = Optional.empty();
    }
    if (IpLiterals.endsInNumber(host.toLowerCase(Locale.ROOT))) {
      canonical.ifPresent(c -> assertThat(Hosts.literal(c)).as(host).isPresent());
    } else {
      String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
      canonical.ifPresent(c -> assertThat(c).as(host).isEqualTo(name));
      assertThat(canonical.isPresent()).as(host).isEqualTo(name.matches("[a-z0-9x-]+(\\.[a-z0-9x-]+)*"));
    }
  }

  /** A last label with a letter beyond hex is always a name, whatever numbers come before it. */
  @Property(tries = 1000)
  void hostsEndingInAWord_areNeverAddresses(@ForAll("hosts") String prefix, @ForAll("word") String word) {
    String host = prefix + "." + word;
    try {
      assertThat(Hosts.literal(Hosts.canonical(host))).as(host).isEmpty();
    } catch (IllegalArgumentException e) {
      assertThat(host.split("\\.", -1)).as("rejected only for an empty label").contains("");
    }
  }

  @Property(tries = 1000)
  void canonical_isAFixedPoint(@ForAll int address) {
    String once = Hosts.canonical(Integer.toUnsignedString(address));
    assertThat(Hosts.canonical(once)).isEqualTo(once);
  }

  private static String notation(long part, int radix, int zeros, boolean upperCase) {
    return switch (radix) {
      case 0 -> Long.toString(part);
      case 1 -> "0" + "0".repeat(zeros) + Long.toOctalString(part);
      default -> (upperCase ? "0X" : "0x") + "0".repeat(zeros)
          + (upperCase ? Long.toHexString(part).toUpperCase(Locale.ROOT) : Long.toHexString(part));
    };
  }

  /** Pieces often zero, so runs of zeros (and the {@code ::} they become) are common. */
  @Provide
  Arbitrary<byte[]> ipv6() {
    Arbitrary<Integer> piece = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 0xffff)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 0xff)));
    return piece.list().ofSize(8).map(pieces -> {
      byte[] out = new byte[16];
      for (int i = 0; i < 8; i++) {
        out[2 * i] = (byte) (pieces.get(i) >>> 8);
        out[2 * i + 1] = pieces.get(i).byteValue();
      }
      return out;
    });
  }

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> label = Arbitraries.strings().withChars("0123456789abcdefxgz-X").ofMinLength(0).ofMaxLength(12);
    return Combinators.combine(label.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false))
        .as((labels, dot) -> String.join(".", labels) + (dot ? "." : ""));
  }

  @Provide
  Arbitrary<String> word() {
    return Combinators.combine(Arbitraries.strings().withChars("0123456789abc").ofMaxLength(4),
        Arbitraries.strings().withChars("ghijklmnopqrstuvwyz").ofMinLength(1).ofMaxLength(4))
        .as((head, letters) -> head + letters);
  }
}
