package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.docpipe.shared.StageFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bodies and servers that try to exhaust the fetcher: bombs, endless streams, drips, odd encodings. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageFetcherLimitsTest {
  private static final int CAP = 5 * 1024 * 1024;
  private static final Pattern DECODED = Pattern.compile("stopped at (\\d+) decoded bytes");
  /** Ten seconds of drip at the least: far beyond the fetch's 600 ms deadline. */
  private static final int DRIP_BYTES = 200;
  /** How long the test waits for the server to notice a hang-up; it returns as soon as it does. */
  private static final Duration WAIT = Duration.ofMinutes(1);

  private HttpServer server;
  private byte[] gzipBomb;
  private byte[] deflateBomb;
  private final AtomicLong endlessWritten = new AtomicLong();
  private final CountDownLatch endlessDone = new CountDownLatch(1);
  private final AtomicInteger dripped = new AtomicInteger();
  private final CountDownLatch dripHungUp = new CountDownLatch(1);

  @BeforeAll
  void start() throws IOException {
    gzipBomb = zeros(new ByteArrayOutputStream(), true);
    deflateBomb = zeros(new ByteArrayOutputStream(), false);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/gzip-bomb", ex -> send(ex, "gzip", gzipBomb));
    server.createContext("/deflate-bomb", ex -> send(ex, "deflate", deflateBomb));
    server.createContext("/gzip", ex -> send(ex, "gzip", compressed("<p>gzip page</p>", true, false)));
    server.createContext("/deflate", ex -> send(ex, "deflate", compressed("<p>zlib page</p>", false, false)));
    server.createContext("/raw-deflate", ex -> send(ex, "deflate", compressed("<p>raw page</p>", false, true)));
    server.createContext("/brotli", ex -> send(ex, "br", new byte[] {1, 2, 3}));
    server.createContext("/empty", ex -> send(ex, null, new byte[0]));
    server.createContext("/announced", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/html");
      ex.sendResponseHeaders(200, CAP + 1L);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(new byte[1024]);
        out.flush();
        Thread.sleep(2_000); // the rest never comes: the announcement alone must be enough
      } catch (IOException | InterruptedException hungUp) {
        // expected
      }
    });
    server.createContext("/endless", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/html");
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = "x".repeat(65_536).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = ex.getResponseBody()) {
        for (long i = 0; i < 16_384; i++) { // 1 GiB unless the client hangs up first
          out.write(chunk);
          endlessWritten.addAndGet(chunk.length);
        }
      } catch (IOException hungUp) {
        // expected: the fetcher aborts the connection at the cap
      } finally {
        endlessDone.countDown();
      }
    });
    server.createContext("/drip", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/html");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < DRIP_BYTES; i++) {
          out.write('x');
          out.flush();
          dripped.incrementAndGet();
          Thread.sleep(50); // the drip itself, not a test waiting
        }
      } catch (IOException | InterruptedException hungUp) {
        dripHungUp.countDown(); // expected: the deadline aborts the connection
      }
    });
    server.createContext("/hop", ex -> {
      int n = Integer.parseInt(ex.getRequestURI().getQuery());
      ex.getResponseHeaders().set("Location", n == 0 ? "/gzip" : "/hop?" + (n - 1));
      ex.sendResponseHeaders(307, -1);
      ex.close();
    });
    server.start();
  }

  @AfterAll
  void stop() {
    server.stop(0);
  }

  @Test
  void gzipBomb_100MbOfZeros_stopsAtTheCapOfDecodedBytes() {
    assertThat(gzipBomb.length).as("the bomb is small on the wire").isLessThan(200_000);

    long decoded = assertTooLarge(fetcher(Duration.ofSeconds(10)), url("/gzip-bomb"));

    System.out.printf("gzip bomb: %d bytes on the wire, 104857600 inflated, cap %d, decoded before the stop %d%n",
        gzipBomb.length, CAP, decoded);
    assertThat(decoded).isGreaterThan(CAP).isLessThan(CAP + 64 * 1024);
  }

  @Test
  void deflateBomb_stopsAtTheCapOfDecodedBytes() {
    long decoded = assertTooLarge(fetcher(Duration.ofSeconds(10)), url("/deflate-bomb"));

    System.out.printf("deflate bomb: %d bytes on the wire, cap %d, decoded before the stop %d%n", deflateBomb.length,
        CAP, decoded);
    assertThat(decoded).isGreaterThan(CAP).isLessThan(CAP + 64 * 1024);
  }

  @Test
  void endlessBody_isCutOffAtTheCap_andTheRestIsNeverRead() throws InterruptedException {
    // too_large, not timeout: the cap stopped it, measured in bytes, however slowly a busy machine moved them.
    assertTooLarge(fetcher(Duration.ofMinutes(5)), url("/endless"));

    assertThat(endlessDone.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the server saw the client hang up").isTrue();
    System.out.printf("endless body: the server got %d bytes out before the fetcher hung up at the %d cap%n",
        endlessWritten.get(), CAP);
    assertThat(endlessWritten.get()).as("bytes the server got out before the hang-up").isLessThan(256L * 1024 * 1024);
  }

  @Test
  void announcedOverTheCap_isTooLargeWithoutReading() {
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).fetch(url("/announced"))).isInstanceOf(StageFailure.class)
        .extracting(e -> ((StageFailure) e).errorCode()).isEqualTo("too_large");
  }

  @Test
  void dripFeed_isStoppedByTheWholeFetchDeadline_notJustPerRead() throws InterruptedException {
    // A byte every 50 ms never trips a per-read timeout: only the whole-fetch deadline can stop the drip early.
    assertThatThrownBy(() -> fetcher(Duration.ofMillis(600)).fetch(url("/drip"))).isInstanceOf(StageFailure.class)
        .satisfies(e -> {
          assertThat(((StageFailure) e).errorCode()).isEqualTo("timeout");
          assertThat(((StageFailure) e).permanent()).isFalse();
        });

    assertThat(dripHungUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the server saw the client hang up").isTrue();
    System.out.printf("drip: %d of %d bytes sent before the hang-up%n", dripped.get(), DRIP_BYTES);
    assertThat(dripped.get()).as("bytes dripped before the hang-up").isLessThan(DRIP_BYTES);
  }

  @Test
  void compressedPages_areDecoded_gzipZlibAndRawDeflate() {
    PageFetcher fetcher = fetcher(Duration.ofSeconds(5));
    assertThat(new String(fetcher.fetch(url("/gzip")).body(), StandardCharsets.UTF_8)).isEqualTo("<p>gzip page</p>");
    assertThat(new String(fetcher.fetch(url("/deflate")).body(), StandardCharsets.UTF_8)).isEqualTo("<p>zlib page</p>");
    assertThat(new String(fetcher.fetch(url("/raw-deflate")).body(), StandardCharsets.UTF_8)).isEqualTo("<p>raw page</p>");
    assertThat(fetcher.fetch(url("/empty")).body()).isEmpty();
  }

  @Test
  void unrequestedEncoding_isPermanent() {
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).fetch(url("/brotli"))).isInstanceOf(StageFailure.class)
        .satisfies(e -> {
          assertThat(((StageFailure) e).errorCode()).isEqualTo("unsupported_content_encoding");
          assertThat(((StageFailure) e).permanent()).isTrue();
        });
  }

  @Test
  void redirects_fiveAreFollowed_theSixthIsRefused() {
    assertThat(fetcher(Duration.ofSeconds(5)).fetch(url("/hop?4")).url()).endsWith("/gzip");
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).fetch(url("/hop?5"))).isInstanceOf(StageFailure.class)
        .extracting(e -> ((StageFailure) e).errorCode()).isEqualTo("too_many_redirects");
  }

  @Test
  void unreachablePort_andTlsToAPlainServer_areTransient() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertTransient("http://127.0.0.1:" + closed + "/", "connection_failed");
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (java.net.Socket s = plain.accept()) {
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
          // the client went away
        }
      });
      assertTransient("https://127.0.0.1:" + plain.getLocalPort() + "/", "fetch_failed");
    }
  }

  @Test
  void loopbackHost_reachesLoopbackOnAnyPort_butIsRefusedWhenItAlsoResolvesElsewhere() {
    CheckedDnsResolver.NameLookup names = name -> switch (name) {
      case "localhost" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
      case "pages.localhost" -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.7")};
      default -> throw new UnknownHostException(name);
    };
    AddressPolicy policy = Fetchers.loopbackHosts("localhost", "pages.localhost");
    String port = String.valueOf(server.getAddress().getPort());

    assertThat(Fetchers.fetcher(policy, names, CAP, Duration.ofSeconds(5)).fetch("http://LocalHost.:" + port + "/gzip").body())
        .isNotEmpty();
    assertThatThrownBy(() -> Fetchers.fetcher(policy, names, CAP, Duration.ofSeconds(5)).fetch("http://pages.localhost:" + port + "/gzip"))
        .isInstanceOf(StageFailure.class).extracting(e -> ((StageFailure) e).errorCode()).isEqualTo("blocked_address");
    assertThatThrownBy(() -> Fetchers.fetcher(policy, names, CAP, Duration.ofSeconds(5)).fetch("http://127.0.0.1:" + port + "/gzip"))
        .as("127.0.0.1 was not named").isInstanceOf(StageFailure.class)
        .extracting(e -> ((StageFailure) e).errorCode()).isEqualTo("blocked_port");
  }

  private void assertTransient(String url, String code) {
    assertThatThrownBy(() -> Fetchers.fetcher(Fetchers.loopbackHosts("127.0.0.1"), Fetchers.NO_NAMES, CAP,
        Duration.ofSeconds(5)).fetch(url)).as(url).isInstanceOf(StageFailure.class).satisfies(e -> {
          assertThat(((StageFailure) e).errorCode()).isEqualTo(code);
          assertThat(((StageFailure) e).permanent()).isFalse();
        });
  }

  private static long assertTooLarge(PageFetcher fetcher, String url) {
    StageFailure failure = (StageFailure) org.assertj.core.api.Assertions.catchThrowable(() -> fetcher.fetch(url));
    assertThat(failure).isNotNull();
    assertThat(failure.errorCode()).isEqualTo("too_large");
    assertThat(failure.permanent()).isTrue();
    Matcher m = DECODED.matcher(failure.getMessage());
    assertThat(m.find()).as(failure.getMessage()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private PageFetcher fetcher(Duration timeout) {
    return Fetchers.fetcher(Fetchers.loopbackHosts("127.0.0.1"), Fetchers.NO_NAMES, CAP, timeout);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void send(HttpExchange ex, String encoding, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    if (encoding != null) ex.getResponseHeaders().set("Content-Encoding", encoding);
    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    } catch (IOException hungUp) {
      // the fetcher stopped reading at its cap
    }
  }

  /** 100 MB of zeros, gzip or zlib. */
  private static byte[] zeros(ByteArrayOutputStream sink, boolean gzip) throws IOException {
    byte[] block = new byte[1 << 20];
    try (OutputStream out = gzip ? new GZIPOutputStream(sink) : new DeflaterOutputStream(sink, new Deflater(9))) {
      for (int i = 0; i < 100; i++) out.write(block);
    }
    return sink.toByteArray();
  }

  private static byte[] compressed(String text, boolean gzip, boolean raw) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = gzip ? new GZIPOutputStream(sink) : new DeflaterOutputStream(sink, new Deflater(9, raw))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return sink.toByteArray();
  }
}
