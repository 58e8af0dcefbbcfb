package io.docpipe.eval;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A switchable proxy in front of the real embedding server, so the soak can take inference away for a while and give
 * it back with the model's real vectors: while {@link #up()} every request is forwarded unchanged; during an outage
 * it answers 503 as TEI does while its model is not ready ({@code unavailable}), or stops listening so connections are
 * refused ({@code refuse}), as when the instance is gone. The stack's {@code EMBEDDING_BASE_URL} points here.
 */
final class EmbeddingOutage implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
      "upgrade", "keep-alive", "expect");
  private static final byte[] NOT_READY = "{\"error\":\"Model is not ready (soak outage)\",\"error_type\":\"unhealthy\"}"
      .getBytes(StandardCharsets.UTF_8);
  private static final Duration REBIND_PATIENCE = Duration.ofSeconds(5);

  private final URI upstream;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  // A virtual thread per request: a forwarded request waits on the model, never on a pool.
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("soak-embedding-proxy-", 0).factory());
  private final boolean refuse;
  private final int port;
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private HttpServer server;
  private volatile boolean down;

  /** @param refuse whether an outage stops listening (connections refused) rather than answering 503 */
  EmbeddingOutage(URI upstream, boolean refuse) {
    this.upstream = upstream;
    this.refuse = refuse;
    this.server = bind(0);
    this.port = server.getAddress().getPort();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  synchronized void down() {
    down = true;
    if (refuse && server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void up() {
    down = false;
    if (server == null) server = bind(port);
  }

  boolean isDown() {
    return down;
  }

  /** Requests passed to the real server. */
  long forwarded() {
    return forwarded.get();
  }

  /** Requests answered 503 by the outage (refused connections never arrive, so are not counted). */
  long refused() {
    return refused.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      if (down) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(503, NOT_READY.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(NOT_READY);
        }
        return;
      }
      forwarded.incrementAndGet();
      HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofMinutes(5))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
      });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // closing the exchange unanswered drops the connection, as a server going away would
      }
      response.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  /** An HttpServer cannot listen again once stopped, so each return from {@code refuse} binds a new one. */
  private HttpServer bind(int onPort) {
    long deadline = System.nanoTime() + REBIND_PATIENCE.toNanos();
    while (true) {
      try {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 256);
        s.createContext("/", this::handle);
        s.setExecutor(workers);
        s.start();
        return s;
      } catch (BindException e) {
        if (System.nanoTime() - deadline >= 0) throw new UncheckedIOException("cannot listen on port " + onPort, e);
        try {
          Thread.sleep(50); // the kernel is still letting go of the port
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while binding port " + onPort, interrupted);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on port " + onPort, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) server.stop(0);
    server = null;
    workers.shutdownNow();
    http.close();
  }
}
