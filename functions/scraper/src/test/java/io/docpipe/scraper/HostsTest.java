package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hosts as browsers and curl read them, every notation down to one canonical form. */
class HostsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1              | 127.0.0.1
      2130706433             | 127.0.0.1
      0177.0.0.1             | 127.0.0.1
      0x7f.0.0.1             | 127.0.0.1
      0X7F.0.0.1             | 127.0.0.1
      0x7f000001             | 127.0.0.1
      017700000001           | 127.0.0.1
      127.1                  | 127.0.0.1
      127.0.1                | 127.0.0.1
      0x7f.1                 | 127.0.0.1
      0177.0x0.00.0x1        | 127.0.0.1
      127.0.0.1.             | 127.0.0.1
      00000000177.0.0.1      | 127.0.0.1
      0x00000007f.0.0.1      | 127.0.0.1
      %31%32%37.0.0.1        | 127.0.0.1
      １２７．０．０．１        | 127.0.0.1
      127。0。0。1            | 127.0.0.1
      10.1                   | 10.0.0.1
      0                      | 0.0.0.0
      0x                     | 0.0.0.0
      4294967295             | 255.255.255.255
      0xa9fea9fe             | 169.254.169.254
      0251.0376.0251.0376    | 169.254.169.254
      169.254.43518          | 169.254.169.254
      [::1]                  | ::1
      [0:0:0:0:0:0:0:1]      | ::1
      [::ffff:127.0.0.1]     | ::ffff:7f00:1
      [0:0:0:0:0:ffff:7f00:1] | ::ffff:7f00:1
      [::FFFF:7F00:1]        | ::ffff:7f00:1
      [fe80::1%25eth0]       | fe80::1
      [fe80::1%eth0]         | fe80::1
      [fd00:ec2::254]        | fd00:ec2::254
      [2001:db8:0:0:1:0:0:1] | 2001:db8::1:0:0:1
      [1::]                  | 1::
      [::]                   | ::
      Example.COM            | example.com
      example.com.           | example.com
      bücher.de              | xn--bcher-kva.de
      under_score.example    | under_score.example
      1.2.3.4.example        | 1.2.3.4.example
      0xg.example            | 0xg.example
      """)
  void canonical_readsEveryNotation(String host, String expected) {
    assertThat(Hosts.canonical(host)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.256", "256.0.0.1", "1.2.3.4.5", "08.0.0.1", "0x7g.0.0.1", "4294967296",
      "999999999999", "example.0", "foo.0x1", "1..2", "[::1", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[::ffff:127.0.0.01]",
      "[::1.2.3]", "[12345::]", "[:1]", "[1:]", "::1", "", ".", "a..b", "a b", "a%2fb", "a%zz", "exa$mple.com",
      "127.0.0.1..", "[fe80::1%]"})
  void canonical_rejectsWhatLooksLikeAnAddressButIsNot_andBadNames(String host) {
    assertThatThrownBy(() -> Hosts.canonical(host)).isInstanceOf(IllegalArgumentException.class);
  }
}
