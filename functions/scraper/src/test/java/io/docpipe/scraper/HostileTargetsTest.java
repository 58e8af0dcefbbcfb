package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.docpipe.local.servers.Await;
import io.docpipe.shared.StageFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile targets through the production fetcher and HTTP client. A "public" site listens on 127.0.0.1 (the one
 * address this test's policy lets through) and decoys on 127.0.0.2 and 127.0.0.3, same port, count every TCP
 * connection. Names come from a fixed map; a guard around the resolver records every address the client is handed
 * and refuses anything off this machine, so nothing leaves it even if the policy broke. A target is reached when a
 * decoy saw a connection or the client was handed any address but the site's while fetching it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTargetsTest {
  private static final byte[] SITE = {127, 0, 0, 1};

  private HttpServer site;
  private Decoy decoy2;
  private Decoy decoy3;
  private int port;
  private final List<String> lookups = Collections.synchronizedList(new ArrayList<>());
  private final List<InetAddress> handedOut = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> lookupCounts = new ConcurrentHashMap<>();
  private final AtomicInteger attempted = new AtomicInteger();
  private final List<String> reached = Collections.synchronizedList(new ArrayList<>());
  private PageFetcher fetcher;

  @BeforeAll
  void start() throws IOException {
    for (int attempt = 0; decoy3 == null; attempt++) {
      site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      port = site.getAddress().getPort();
      try {
        decoy2 = new Decoy("127.0.0.2", port);
        decoy3 = new Decoy("127.0.0.3", port);
      } catch (IOException taken) { // that port is in use on 127.0.0.2 or .3: try another
        if (decoy2 != null) decoy2.close();
        decoy2 = null;
        site.stop(0);
        if (attempt == 20) throw taken;
      }
    }
    site.createContext("/ok", ex -> answer(ex, 200, "<p>public page</p>"));
    site.createContext("/redirect", ex -> {
      String to = URLDecoder.decode(ex.getRequestURI().getRawQuery().substring(3), StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Location", to.replace("{P}", String.valueOf(port)));
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    site.start();
    AddressPolicy policy = new AddressPolicy(AddressRanges.standard().plus(List.of(Cidr.parse("11.22.0.0/16")))
        .except(Cidr.parse("127.0.0.1/32")), Set.of(80, 443, port), Set.of());
    DnsResolver guarded = new Guard(new CheckedDnsResolver(policy, this::lookup));
    fetcher = new PageFetcher(FetchClient.create(Duration.ofSeconds(1), guarded), policy, 100_000, Duration.ofSeconds(5));
  }

  @AfterAll
  void stop() {
    System.out.printf("hostile targets: %d of %d reached %s%n", reached.size(), attempted.get(), reached);
    assertThat(lookups).as("only names go to the name lookup, never an address literal").allMatch(n -> n.endsWith(".test"));
    site.stop(0);
    decoy2.close();
    decoy3.close();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      http://127.0.0.2:{P}/                              | blocked_address
      http://2130706434:{P}/                             | blocked_address
      http://0177.0.0.2:{P}/                             | blocked_address
      http://0x7f.0.0.2:{P}/                             | blocked_address
      http://0x7f000002:{P}/                             | blocked_address
      http://127.2:{P}/                                  | blocked_address
      http://0x7f.0.2:{P}/                               | blocked_address
      http://0177.0x0.00.0x2:{P}/                        | blocked_address
      http://127.0.0.2.:{P}/                             | blocked_address
      http://%31%32%37.0.0.2:{P}/                        | blocked_address
      http://１２７．０．０．２:{P}/                         | blocked_address
      http://127.0.0.3:{P}/                              | blocked_address
      http://[::ffff:127.0.0.2]:{P}/                     | blocked_address
      http://[0:0:0:0:0:ffff:7f00:2]:{P}/                | blocked_address
      http://[::ffff:7f00:3]:{P}/                        | blocked_address
      http://[::127.0.0.2]:{P}/                          | blocked_address
      http://[2002:7f00:2::]:{P}/                        | blocked_address
      http://[::1]:{P}/                                  | blocked_address
      http://[0:0:0:0:0:0:0:1]:{P}/                      | blocked_address
      http://0.0.0.0:{P}/                                | blocked_address
      http://0:{P}/                                      | blocked_address
      http://[::]:{P}/                                   | blocked_address
      http://10.0.0.1/                                   | blocked_address
      http://10.1/                                       | blocked_address
      http://012.0.0.1/                                  | blocked_address
      http://172.16.0.1/                                 | blocked_address
      http://172.31.255.255/                             | blocked_address
      http://192.168.0.1/                                | blocked_address
      http://3232235521/                                 | blocked_address
      http://169.254.169.254/latest/meta-data/           | blocked_address
      http://0xa9fea9fe/latest/meta-data/                | blocked_address
      http://0251.0376.0251.0376/                        | blocked_address
      http://169.254.43518/                              | blocked_address
      http://[fd00:ec2::254]/latest/meta-data/           | blocked_address
      http://[::ffff:169.254.169.254]/                   | blocked_address
      http://[fe80::1%25eth0]/                           | blocked_address
      http://100.64.0.1/                                 | blocked_address
      http://[fc00::1]/                                  | blocked_address
      http://224.0.0.1/                                  | blocked_address
      http://[ff02::1]/                                  | blocked_address
      http://255.255.255.255/                            | blocked_address
      http://240.0.0.1/                                  | blocked_address
      http://192.0.2.1/                                  | blocked_address
      http://198.51.100.1/                               | blocked_address
      http://203.0.113.1/                                | blocked_address
      http://198.18.0.1/                                 | blocked_address
      http://[2001:db8::1]/                              | blocked_address
      http://192.0.0.1/                                  | blocked_address
      http://[64:ff9b::a9fe:a9fe]/                       | blocked_address
      http://[64:ff9b:1::1]/                             | blocked_address
      http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/     | blocked_address
      http://11.22.3.4/                                  | blocked_address
      http://decoy.test:{P}/                             | blocked_address
      http://private.test/                               | blocked_address
      http://metadata.test/latest/meta-data/             | blocked_address
      http://metadata6.test/latest/meta-data/            | blocked_address
      http://mixed.test:{P}/ok                           | blocked_address
      http://mixed-decoy.test:{P}/ok                     | blocked_address
      http://mixed6.test:{P}/ok                          | blocked_address
      http://mapped.test:{P}/                            | blocked_address
      http://nat64.test/                                 | blocked_address
      http://sixtofour.test:{P}/                         | blocked_address
      http://cgnat.test/                                 | blocked_address
      http://vpc.test/                                   | blocked_address
      http://DECOY.TEST.:{P}/                            | blocked_address
      redirect:http://127.0.0.2:{P}/                     | blocked_address
      redirect:http://0x7f000002:{P}/                    | blocked_address
      redirect:http://decoy.test:{P}/                    | blocked_address
      redirect:http://[::ffff:127.0.0.2]:{P}/            | blocked_address
      redirect://127.0.0.3:{P}/                          | blocked_address
      redirect:http://169.254.169.254/latest/meta-data/  | blocked_address
      redirect:http://private.test/                      | blocked_address
      redirect:http://mixed.test:{P}/ok                  | blocked_address
      redirect:/redirect?to=http%3A%2F%2F127.0.0.2%3A{P}%2F | blocked_address
      redirect:file:///etc/passwd                        | blocked_scheme
      redirect:gopher://127.0.0.2:{P}/_                  | blocked_scheme
      redirect:http://public.test:22/                    | blocked_port
      redirect:http://127.0.0.256:{P}/                   | invalid_url
      http://public.test:22/                             | blocked_port
      http://public.test:6379/                           | blocked_port
      file:///etc/passwd                                 | blocked_scheme
      gopher://127.0.0.2:{P}/_                           | blocked_scheme
      dict://127.0.0.2:{P}/                              | blocked_scheme
      http://127.0.0.2.5:{P}/                            | invalid_url
      http://0x7g.0.0.2:{P}/                             | invalid_url
      http://127.0.0.256:{P}/                            | invalid_url
      http://4294967296:{P}/                             | invalid_url
      http://08.0.0.2:{P}/                               | invalid_url
      http://nowhere.test/                               | unresolvable_host
      """)
  void hostileTarget_isRefused_andNothingReachesIt(String target, String code) {
    String url = url(target);

    assertRefused(url, code);
  }

  @Test
  void dnsRebinding_publicOnTheFirstAnswerPrivateAfter_connectsOnlyToTheCheckedAddress() {
    String url = "http://rebind.test:" + port + "/ok";

    // One lookup, checked, and the connection goes where that answer said: the site, never the later decoy answer.
    Page page = fetchCounted(url);
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>public page</p>");
    assertThat(lookupCounts.get("rebind.test")).hasValue(1);

    // The next connection asks again, gets the private answer, and is refused.
    assertRefused(url, "blocked_address");
    assertThat(lookupCounts.get("rebind.test")).hasValue(2);
  }

  @Test
  void rig_theSiteIsReachable_andADecoyCountsAConnectionWhenThePolicyLetsOneThrough() throws IOException {
    assertThat(fetchCounted("http://public.test:" + port + "/ok").url()).isEqualTo("http://public.test:" + port + "/ok");
    assertThat(fetchCounted("http://127.0.0.1:" + port + "/ok").body()).isNotEmpty();

    AddressPolicy open = new AddressPolicy(AddressRanges.standard().except(Cidr.parse("127.0.0.0/8")), Set.of(port), Set.of());
    PageFetcher careless = new PageFetcher(FetchClient.create(Duration.ofSeconds(1),
        new CheckedDnsResolver(open, Fetchers.NO_NAMES)), open, 1000, Duration.ofSeconds(2));
    int before = decoy2.connections();
    assertThatThrownBy(() -> careless.fetch("http://127.0.0.2:" + port + "/")).isInstanceOf(StageFailure.class);
    // The decoy counts on its own thread once it accepts, which a busy machine may schedule after the fetch gave up.
    Await.until("the decoy to notice the connection", Duration.ofMinutes(1), decoy2::connections, n -> n > before);
    assertThat(decoy2.connections()).as("the decoy would have noticed").isEqualTo(before + 1);
    decoy2.forget(1);
  }

  private void assertRefused(String url, String code) {
    attempted.incrementAndGet();
    int decoysBefore = decoy2.connections() + decoy3.connections();
    int handedBefore = handedOut.size();
    try {
      assertThatThrownBy(() -> fetcher.fetch(url)).as(url).isInstanceOf(StageFailure.class).satisfies(e -> {
        assertThat(((StageFailure) e).errorCode()).as(url + ": " + e.getMessage()).isEqualTo(code);
        assertThat(((StageFailure) e).permanent()).as(url).isTrue();
      });
    } finally {
      List<InetAddress> handed = List.copyOf(handedOut.subList(handedBefore, handedOut.size()));
      boolean leaked = handed.stream().anyMatch(a -> !java.util.Arrays.equals(a.getAddress(), SITE));
      if (leaked || decoy2.connections() + decoy3.connections() != decoysBefore) reached.add(url);
    }
    assertThat(reached).as("targets reached").doesNotContain(url);
  }

  private Page fetchCounted(String url) {
    int decoysBefore = decoy2.connections() + decoy3.connections();
    Page page = fetcher.fetch(url);
    assertThat(decoy2.connections() + decoy3.connections()).isEqualTo(decoysBefore);
    return page;
  }

  private String url(String target) {
    String withPort = target.replace("{P}", String.valueOf(port));
    if (!withPort.startsWith("redirect:")) return withPort;
    String to = target.substring("redirect:".length());
    return "http://public.test:" + port + "/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
  }

  private InetAddress[] lookup(String name) throws UnknownHostException {
    lookups.add(name);
    int n = lookupCounts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    return switch (name) {
      case "public.test" -> addresses("127.0.0.1");
      case "decoy.test" -> addresses("127.0.0.2");
      case "private.test" -> addresses("10.0.0.1");
      case "metadata.test" -> addresses("169.254.169.254");
      case "metadata6.test" -> addresses("fd00:ec2::254");
      case "mixed.test" -> addresses("127.0.0.1", "10.0.0.5");
      case "mixed-decoy.test" -> addresses("127.0.0.1", "127.0.0.3");
      case "mixed6.test" -> addresses("127.0.0.1", "fe80::1");
      case "mapped.test" -> new InetAddress[] {Inet6Address.getByAddress(name, IpLiterals.ipv6("::ffff:127.0.0.2"), -1)};
      case "nat64.test" -> addresses("64:ff9b::a9fe:a9fe");
      case "sixtofour.test" -> addresses("2002:7f00:2::1");
      case "cgnat.test" -> addresses("100.64.0.1");
      case "vpc.test" -> addresses("11.22.3.4");
      case "rebind.test" -> n == 1 ? addresses("127.0.0.1") : addresses("127.0.0.2");
      default -> throw new UnknownHostException(name);
    };
  }

  private static InetAddress[] addresses(String... literals) throws UnknownHostException {
    InetAddress[] out = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) out[i] = InetAddress.getByAddress(IpLiterals.parse(literals[i]).orElseThrow());
    return out;
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Records what the client is handed; refuses anything off this machine whatever the policy said. */
  private final class Guard implements DnsResolver {
    private final DnsResolver checked;

    Guard(DnsResolver checked) {
      this.checked = checked;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      InetAddress[] addresses = checked.resolve(host);
      handedOut.addAll(List.of(addresses));
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) throw new UnknownHostException("test guard: " + address + " is off this machine");
      }
      return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
      return java.util.Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  /** A listener that counts TCP connections and answers none of them. */
  private static final class Decoy implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    Decoy(String address, int port) throws IOException {
      socket = new ServerSocket();
      try {
        socket.bind(new InetSocketAddress(address, port));
      } catch (IOException e) {
        socket.close();
        throw e;
      }
      Thread.ofVirtual().start(() -> {
        while (!socket.isClosed()) {
          try (Socket ignored = socket.accept()) {
            connections.incrementAndGet();
          } catch (IOException closed) {
            return;
          }
        }
      });
    }

    int connections() {
      return connections.get();
    }

    void forget(int n) {
      connections.addAndGet(-n);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a test listener
      }
    }
  }
}
