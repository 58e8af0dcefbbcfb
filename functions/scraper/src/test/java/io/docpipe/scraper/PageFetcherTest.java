package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.docpipe.shared.StageFailure;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real HTTP server on this machine, serving the cases a scraper meets. */
class PageFetcherTest {
  /** Far beyond any deadline here: reached only by a fetch that hangs. */
  private static final Duration NEVER = Duration.ofMinutes(2);

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch slowRequests = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    route("/ok", 200, "text/html; charset=utf-8", "<p>hello</p>");
    route("/text", 200, "text/plain", "plain words");
    route("/pdf", 200, "application/pdf", "%PDF-1.7");
    route("/missing", 404, "text/html", "<p>nope</p>");
    route("/broken", 503, "text/html", "<p>down</p>");
    route("/big", 200, "text/html", "x".repeat(20_000));
    server.createContext("/loop", ex -> {
      ex.getResponseHeaders().set("Location", "/loop");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/hop", ex -> {
      ex.getResponseHeaders().set("Location", "/ok");
      ex.sendResponseHeaders(301, -1);
      ex.close();
    });
    server.createContext("/slow", ex -> {
      slowRequests.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.createContext("/throttled", ex -> {
      ex.getResponseHeaders().set("Retry-After", "3");
      ex.sendResponseHeaders(429, -1);
      ex.close();
    });
    route("/binary-as-html", 200, "text/html", "GIF89a\u0001\u0000\u0001\u0000");
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void fetch_html_returnsBodyTypeAndCharset() {
    Page page = fetcher(true).fetch(url("/ok"));
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>hello</p>");
    assertThat(page.mediaType()).isEqualTo("text/html");
    assertThat(page.charset()).isEqualTo("utf-8");
  }

  @Test
  void fetch_followsRedirects_toTheFinalUrl() {
    assertThat(fetcher(true).fetch(url("/hop")).url()).endsWith("/ok");
  }

  @Test
  void fetch_failuresCarrySpecificCodes_andOnlyRetryableOnesAreTransient() {
    assertFailure("/missing", "http_404", true);
    assertFailure("/pdf", "unsupported_content_type", true);
    assertFailure("/big", "too_large", true);
    assertFailure("/loop", "too_many_redirects", true);
    assertFailure("/broken", "http_503", false);
  }

  @Test
  void fetch_binaryBodyServedAsHtml_isAnUnsupportedContentType() {
    assertFailure("/binary-as-html", "unsupported_content_type", true);
  }

  @Test
  void fetch_throttled_isTransient_andCarriesTheRetryAfter() {
    assertThatThrownBy(() -> fetcher(true).fetch(url("/throttled"))).isInstanceOf(StageFailure.class)
        .satisfies(e -> {
          assertThat(((StageFailure) e).errorCode()).isEqualTo("http_429");
          assertThat(((StageFailure) e).permanent()).isFalse();
          assertThat(((StageFailure) e).retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
    assertThatThrownBy(() -> fetcher(true).fetch(url("/broken"))).as("no Retry-After, no floor")
        .isInstanceOf(StageFailure.class).extracting(e -> ((StageFailure) e).retryAfter()).isNull();
  }

  @Test
  void fetch_slowPage_isAbandonedAtTheDeadline() throws InterruptedException {
    PageFetcher fetcher = Fetchers.fetcher(Fetchers.loopbackHosts("127.0.0.1"), Fetchers.NO_NAMES, 10_000,
        Duration.ofSeconds(1));

    // The page answers only when the test ends, so only the fetcher's deadline can end the fetch; "timeout" is
    // reported only once that deadline has passed. The bound is no timing: it turns a fetch that ignored its
    // deadline, and would hang for ever, into a failure.
    assertTimeoutPreemptively(NEVER, () -> assertThatThrownBy(() -> fetcher.fetch(url("/slow")))
        .isInstanceOf(StageFailure.class).extracting(e -> ((StageFailure) e).errorCode()).isEqualTo("timeout"));
    assertThat(slowRequests.await(NEVER.toSeconds(), TimeUnit.SECONDS)).as("the server got the request and held it")
        .isTrue();
  }

  @Test
  void fetch_loopbackWithoutTheLocalSetting_isBlocked() {
    AddressPolicy noLoopback = new AddressPolicy(AddressRanges.standard(), Set.of(server.getAddress().getPort()), Set.of());
    PageFetcher fetcher = Fetchers.fetcher(noLoopback, Fetchers.NO_NAMES, 10_000, Duration.ofSeconds(5));
    assertThatThrownBy(() -> fetcher.fetch(url("/ok"))).isInstanceOf(StageFailure.class)
        .satisfies(e -> {
          assertThat(((StageFailure) e).errorCode()).isEqualTo("blocked_address");
          assertThat(((StageFailure) e).permanent()).isTrue();
        });
  }

  @Test
  void fetch_privateAndMetadataAddresses_areBlockedEvenWithLoopbackAllowed() {
    for (String target : new String[] {"http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/",
        "http://100.64.0.1/", "http://[fd00::1]/", "http://0.0.0.0/"}) {
      assertThatThrownBy(() -> fetcher(true).fetch(target)).as(target).isInstanceOf(StageFailure.class)
          .extracting(e -> ((StageFailure) e).errorCode()).isEqualTo("blocked_address");
    }
  }

  private void assertFailure(String path, String code, boolean permanent) {
    assertThatThrownBy(() -> fetcher(true).fetch(url(path))).as(path).isInstanceOf(StageFailure.class)
        .satisfies(e -> {
          assertThat(((StageFailure) e).errorCode()).isEqualTo(code);
          assertThat(((StageFailure) e).permanent()).isEqualTo(permanent);
        });
  }

  private PageFetcher fetcher(boolean allowLoopback) {
    AddressPolicy policy = allowLoopback ? Fetchers.loopbackHosts("127.0.0.1") : Fetchers.loopbackHosts();
    return Fetchers.fetcher(policy, Fetchers.NO_NAMES, 10_000, Duration.ofSeconds(5));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void route(String path, int status, String type, String body) {
    server.createContext(path, ex -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
      ex.close();
    });
  }
}
