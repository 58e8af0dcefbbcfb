package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BodySnifferTest {

  @Test
  void binary_knownSignatures_evenWithoutANulByte() {
    assertThat(BodySniffer.binary(HexFormat.of().parseHex("89504e470d0a1a0a"), null)).as("PNG").isTrue();
    assertThat(BodySniffer.binary(HexFormat.of().parseHex("ffd8ffe0"), "utf-8")).as("JPEG").isTrue();
    assertThat(BodySniffer.binary("%PDF-1.7\n%text-like header".getBytes(StandardCharsets.US_ASCII), null)).as("PDF").isTrue();
    assertThat(BodySniffer.binary(HexFormat.of().parseHex("1f8b0800"), null)).as("gzip inside gzip").isTrue();
  }

  @Test
  void binary_nulByte_orManyControlBytes_inTheFirstKilobyte() {
    assertThat(BodySniffer.binary("<html>\u0000</html>".getBytes(StandardCharsets.UTF_8), null)).isTrue();
    byte[] noisy = new byte[200];
    for (int i = 0; i < noisy.length; i++) noisy[i] = (byte) (i % 5 == 0 ? 0x01 : 'a');
    assertThat(BodySniffer.binary(noisy, null)).as("20% control bytes").isTrue();
  }

  @Test
  void text_inAnyEncodingWeRead_isNotBinary() {
    assertThat(BodySniffer.binary("<html><body>\tTabs,\r\nlines\fand \u001b$B ISO-2022</body></html>"
        .getBytes(StandardCharsets.UTF_8), null)).isFalse();
    assertThat(BodySniffer.binary("<p>Grüße, 日本語</p>".getBytes(StandardCharsets.UTF_8), "utf-8")).isFalse();
    assertThat(BodySniffer.binary("<p>UTF-16 has NULs</p>".getBytes(StandardCharsets.UTF_16LE), "utf-16le")).isFalse();
    assertThat(BodySniffer.binary("<p>with a BOM</p>".getBytes(StandardCharsets.UTF_16), null)).isFalse();
    assertThat(BodySniffer.binary(new byte[0], null)).isFalse();
    assertThat(BodySniffer.binary("BMW and MZ start plain text".getBytes(StandardCharsets.US_ASCII), null)).isFalse();
  }
}
