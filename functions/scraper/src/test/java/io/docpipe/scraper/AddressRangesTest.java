package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangesTest {
  private final AddressRanges standard = AddressRanges.standard();

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
      "127.0.0.1", "127.255.255.254", "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.1",
      "192.0.0.170", "192.0.2.1", "192.88.99.1", "192.168.0.1", "192.168.255.255", "198.18.0.1", "198.19.255.255",
      "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
      "::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "::ffff:169.254.169.254", "64:ff9b::a00:1",
      "64:ff9b::808:808", "64:ff9b:1::1", "100::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:2::1",
      "2001:db8::1", "3fff::1", "fc00::1", "fd00::1", "fd00:ec2::254", "fe80::1", "febf::1", "fec0::1", "ff02::1",
      "ff0e::1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:0a00:0001::1", "4000::1", "8000::1", "1234::1"})
  void blockedBy_everyNonPublicAddress(String address) {
    assertThat(standard.blockedBy(bytes(address))).as(address).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "9.255.255.255", "11.0.0.0", "100.63.255.255",
      "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
      "192.0.1.255", "192.0.3.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
      "2606:4700:4700::1111", "2a00:1450:4001::200e", "2001:200::1", "2002:0808:0808::1", "2620:fe::fe"})
  void blockedBy_publicAddresses_areNot(String address) {
    assertThat(standard.blockedBy(bytes(address))).as(address).isEmpty();
  }

  @Test
  void blockedBy_namesTheRange() {
    assertThat(standard.blockedBy(bytes("169.254.169.254"))).hasValue("link-local (instance metadata) 169.254.0.0/16");
    assertThat(standard.blockedBy(bytes("fd00:ec2::254"))).hasValue("unique local (instance metadata fd00:ec2::254) fc00::/7");
    assertThat(standard.blockedBy(bytes("2002:a00:1::"))).hasValue("6to4 of private 10.0.0.0/8");
  }

  @Test
  void plus_blocksConfiguredRanges_andExcept_carvesOut() {
    AddressRanges vpc = standard.plus(List.of(Cidr.parse("44.0.0.0/16"), Cidr.parse("2600:1f18::/32")));
    assertThat(vpc.blockedBy(bytes("44.0.1.2"))).hasValue("configured (SCRAPER_BLOCKED_CIDRS) 44.0.0.0/16");
    assertThat(vpc.blockedBy(bytes("2600:1f18::1"))).isPresent();
    assertThat(vpc.blockedBy(bytes("44.1.0.0"))).isEmpty();

    AddressRanges carved = standard.except(Cidr.parse("127.0.0.1/32"));
    assertThat(carved.blockedBy(bytes("127.0.0.1"))).isEmpty();
    assertThat(carved.blockedBy(bytes("127.0.0.2"))).isPresent();
  }

  @Test
  void loopback_isOnly127SlashEightAndColonColonOne() {
    assertThat(AddressRanges.loopback(bytes("127.9.8.7"))).isTrue();
    assertThat(AddressRanges.loopback(bytes("::1"))).isTrue();
    assertThat(AddressRanges.loopback(bytes("::ffff:127.0.0.1"))).isFalse();
    assertThat(AddressRanges.loopback(bytes("10.0.0.1"))).isFalse();
  }

  static byte[] bytes(String address) {
    return address.indexOf(':') >= 0 ? IpLiterals.ipv6(address) : IpLiterals.ipv4(address);
  }
}
