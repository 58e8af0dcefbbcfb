package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docpipe.shared.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScraperConfigTest {

  @Test
  void fromEnv_defaults_areTheProductionSettings() {
    ScraperConfig config = ScraperConfig.fromEnv(env(Map.of()));

    assertThat(config.maxBytes()).isEqualTo(5 * 1024 * 1024);
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.allowedPorts()).containsExactlyInAnyOrder(80, 443);
    assertThat(config.blockedCidrs()).isEmpty();
    assertThat(config.loopbackHosts()).isEmpty();
  }

  @Test
  void fromEnv_readsPortsCidrsAndLoopbackHosts_inCanonicalForm() {
    ScraperConfig config = ScraperConfig.fromEnv(env(Map.of("SCRAPER_ALLOWED_PORTS", " 443 , 8443,",
        "SCRAPER_BLOCKED_CIDRS", "10.20.0.0/16, 2600:1f18:abcd::/48",
        "SCRAPER_ALLOW_LOOPBACK_HOSTS", "LocalHost., 2130706433, [::1], 0:0:0:0:0:0:0:1")));

    assertThat(config.allowedPorts()).containsExactlyInAnyOrder(443, 8443);
    assertThat(config.blockedCidrs()).containsExactly(Cidr.parse("10.20.0.0/16"), Cidr.parse("2600:1f18:abcd::/48"));
    assertThat(config.loopbackHosts()).containsExactlyInAnyOrder("localhost", "127.0.0.1", "::1");
  }

  @Test
  void fromEnv_oldLoopbackFlag_meansTheThreeLocalHosts() {
    ScraperConfig config = ScraperConfig.fromEnv(env(Map.of("SCRAPER_ALLOW_LOOPBACK", "true",
        "SCRAPER_ALLOW_LOOPBACK_HOSTS", "pages.localhost")));

    assertThat(config.loopbackHosts()).containsExactlyInAnyOrder("127.0.0.1", "localhost", "::1", "pages.localhost");
  }

  @Test
  void fromEnv_badValues_failNamingTheVariable() {
    assertInvalid("SCRAPER_ALLOWED_PORTS", "80,http");
    assertInvalid("SCRAPER_ALLOWED_PORTS", "0");
    assertInvalid("SCRAPER_ALLOWED_PORTS", ",");
    assertInvalid("SCRAPER_BLOCKED_CIDRS", "10.0.0.1/8");
    assertInvalid("SCRAPER_BLOCKED_CIDRS", "vpc");
    assertInvalid("SCRAPER_ALLOW_LOOPBACK_HOSTS", "10.0.0.5");
    assertInvalid("SCRAPER_ALLOW_LOOPBACK_HOSTS", "169.254.169.254");
    assertInvalid("SCRAPER_ALLOW_LOOPBACK_HOSTS", "bad host");
  }

  private static void assertInvalid(String name, String value) {
    assertThatThrownBy(() -> ScraperConfig.fromEnv(env(Map.of(name, value)))).as(name + "=" + value)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
  }

  private static Env env(Map<String, String> extra) {
    Map<String, String> vars = new HashMap<>(Map.of("JOBS_TABLE", "jobs", "DOCUMENTS_BUCKET", "docs",
        "CHUNK_QUEUE_URL", "http://localhost:9324/queue/chunk"));
    vars.putAll(extra);
    return Env.of(vars);
  }
}
