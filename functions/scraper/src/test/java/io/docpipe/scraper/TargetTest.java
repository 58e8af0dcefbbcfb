package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docpipe.shared.StageFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      http://Example.COM/a?b=c#frag         | http  | example.com   | 80    | /a?b=c | http://example.com/a?b=c
      https://example.com                   | https | example.com   | 443   | /      | https://example.com/
      HTTPS://example.com:8443/x            | https | example.com   | 8443  | /x     | https://example.com:8443/x
      http://user:pw@example.com:80/        | http  | example.com   | 80    | /      | http://example.com/
      http://2130706433:8080/               | http  | 127.0.0.1     | 8080  | /      | http://127.0.0.1:8080/
      http://0x7f.1/                        | http  | 127.0.0.1     | 80    | /      | http://127.0.0.1/
      http://[::ffff:127.0.0.1]:81/p        | http  | ::ffff:7f00:1 | 81    | /p     | http://[::ffff:7f00:1]:81/p
      http://[fe80::1%25eth0]/              | http  | fe80::1       | 80    | /      | http://[fe80::1]/
      http://[::1]:/x                       | http  | ::1           | 80    | /x     | http://[::1]/x
      http://evil.example#@127.0.0.1/       | http  | evil.example  | 80    | /      | http://evil.example/
      http://127.0.0.1%2540evil.example/    | http  | -             | 0     | -      | invalid_url
      """)
  void parse_takesTheUrlApartAsTheClientWillUseIt(String url, String scheme, String host, int port, String path,
      String canonical) {
    if (canonical.equals("invalid_url")) {
      assertFailure(() -> Target.parse(url), "invalid_url");
      return;
    }
    Target target = Target.parse(url);
    assertThat(target).isEqualTo(new Target(scheme, host, port, path));
    assertThat(target.url()).isEqualTo(canonical);
  }

  @Test
  void parse_refusesOtherSchemes_andMalformedUrls() {
    assertFailure(() -> Target.parse("file:///etc/passwd"), "blocked_scheme");
    assertFailure(() -> Target.parse("gopher://127.0.0.1:25/"), "blocked_scheme");
    assertFailure(() -> Target.parse("ftp://example.com/"), "blocked_scheme");
    assertFailure(() -> Target.parse("/relative"), "invalid_url");
    assertFailure(() -> Target.parse("http:/no-host"), "invalid_url");
    assertFailure(() -> Target.parse("http://exa mple.com/"), "invalid_url");
    assertFailure(() -> Target.parse("http://1.2.3.256/"), "invalid_url");
    assertFailure(() -> Target.parse("http://example.com:0/"), "invalid_url");
    assertFailure(() -> Target.parse("http://example.com:65536/"), "invalid_url");
    assertFailure(() -> Target.parse("http://example.com:8o/"), "invalid_url");
    assertFailure(() -> Target.parse("http://[::1]x/"), "invalid_url");
    assertFailure(() -> Target.parse("http://127.0.0.1\\\\@evil.example/"), "invalid_url");
  }

  @Test
  void redirect_resolvesRelativeLocations_andRefusesDowngradesAndOtherSchemes() {
    Target https = Target.parse("https://example.com/a/b");
    assertThat(https.redirect("c").url()).isEqualTo("https://example.com/a/c");
    assertThat(https.redirect("//other.example/x").url()).isEqualTo("https://other.example/x");
    assertThat(Target.parse("http://example.com/").redirect("https://example.com/").scheme()).isEqualTo("https");
    assertFailure(() -> https.redirect("http://example.com/"), "insecure_redirect");
    assertFailure(() -> https.redirect("file:///etc/passwd"), "blocked_scheme");
    assertFailure(() -> https.redirect("javascript:alert(1)"), "blocked_scheme");
    assertFailure(() -> https.redirect("https://exa mple.com/"), "invalid_url");
  }

  @Test
  void httpHost_isTheCanonicalNameWithoutAnAddress() {
    assertThat(Target.parse("http://0x7f.1:8080/").httpHost().getAddress()).isNull();
    assertThat(Target.parse("http://0x7f.1:8080/").httpHost().toHostString()).isEqualTo("127.0.0.1:8080");
    assertThat(Target.parse("https://[::1]/").httpHost().toHostString()).isEqualTo("[::1]");
  }

  private static void assertFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
    assertThatThrownBy(call).isInstanceOf(StageFailure.class).satisfies(e -> {
      assertThat(((StageFailure) e).errorCode()).isEqualTo(code);
      assertThat(((StageFailure) e).permanent()).isTrue();
    });
  }
}
