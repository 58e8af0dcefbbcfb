package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(textBlock = """
      10.0.0.0/8,       10.0.0.0,          true
      10.0.0.0/8,       10.255.255.255,    true
      10.0.0.0/8,       9.255.255.255,     false
      10.0.0.0/8,       11.0.0.0,          false
      100.64.0.0/10,    100.127.255.255,   true
      100.64.0.0/10,    100.128.0.0,       false
      100.64.0.0/10,    100.63.255.255,    false
      172.16.0.0/12,    172.31.255.255,    true
      172.16.0.0/12,    172.32.0.0,        false
      198.18.0.0/15,    198.19.255.255,    true
      198.18.0.0/15,    198.20.0.0,        false
      0.0.0.0/0,        8.8.8.8,           true
      8.8.8.8,          8.8.8.8,           true
      8.8.8.8/32,       8.8.8.9,           false
      fc00::/7,         fd00:ec2::254,     true
      fc00::/7,         fe00::,            false
      fe80::/10,        febf:ffff::1,      true
      fe80::/10,        fec0::,            false
      ::/0,             2001:db8::1,       true
      ::1,              ::1,               true
      ::/96,            0.0.0.1,           false
      10.0.0.0/8,       ::a00:1,           false
      """)
  void contains_respectsThePrefix_andNeverMixesFamilies(String cidr, String address, boolean expected) {
    byte[] bytes = address.indexOf(':') >= 0 ? IpLiterals.ipv6(address) : IpLiterals.ipv4(address);
    assertThat(Cidr.parse(cidr).contains(bytes)).isEqualTo(expected);
  }

  @Test
  void parse_roundTripsAndCompares() {
    assertThat(Cidr.parse(" 10.0.0.0/8 ")).hasToString("10.0.0.0/8").isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("2001:DB8:0::/32")).hasToString("2001:db8::/32");
    assertThat(Cidr.parse("192.0.2.7")).hasToString("192.0.2.7/32");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0/33", "::/129", "10/8", "010.0.0.0/8", "0x0a.0.0.0/8", "10.0.0.0/",
      "10.0.0.0/-1", "example.com/24", "", "fe80::%1/64", "10.0.0.0/8/8"})
  void parse_rejectsMalformedBlocks(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
