package io.docpipe.local.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Web pages on this machine for the scraper to fetch; paths not added answer 404. A page may have any content type,
 * and may be slow for its first few requests (a page that times out, or a batch that outlives its function).
 */
final class PageServer implements AutoCloseable {
  private record Page(String contentType, byte[] body, Duration delay, AtomicInteger slowLeft) {}

  /** An error answer a scripted page gives before its page: a status and, when not null, a Retry-After value. */
  record Refusal(int status, String retryAfter) {}

  private final HttpServer server;
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, Queue<Refusal>> refusals = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> requestNanos = new ConcurrentHashMap<>();

  PageServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    // A thread per request: a slow page must not hold up the others.
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        requestNanos.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        Refusal refusal = refusals.getOrDefault(path, new ArrayDeque<>()).poll();
        if (refusal != null) {
          if (refusal.retryAfter() != null) exchange.getResponseHeaders().set("Retry-After", refusal.retryAfter());
          exchange.sendResponseHeaders(refusal.status(), -1);
          return;
        }
        Page page = pages.get(path);
        if (page != null && page.slowLeft().getAndDecrement() > 0) pause(page.delay());
        byte[] body = page == null ? "<html><body><h1>Not found</h1></body></html>".getBytes(StandardCharsets.UTF_8) : page.body();
        exchange.getResponseHeaders().set("Content-Type", page == null ? "text/html; charset=utf-8" : page.contentType());
        exchange.sendResponseHeaders(page == null ? 404 : 200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException e) {
        // the client gave up (its timeout): nothing to answer
      }
    });
    server.start();
  }

  String add(String path, String html) {
    return add(path, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  String add(String path, String contentType, byte[] body) {
    return addSlow(path, contentType, body, Duration.ZERO, 0);
  }

  /** A page whose first {@code slowRequests} requests wait {@code delay} before the answer starts. */
  String addSlow(String path, String contentType, byte[] body, Duration delay, int slowRequests) {
    pages.put(path, new Page(contentType, body, delay, new AtomicInteger(slowRequests)));
    return url(path);
  }

  /** A page that first answers each of {@code first} in turn, then {@code html}. */
  String addAfterRefusals(String path, String html, Refusal... first) {
    refusals.put(path, new ConcurrentLinkedQueue<>(List.of(first)));
    return add(path, html);
  }

  /** When {@code path} was requested, by this server's {@link System#nanoTime()}, oldest first. */
  List<Long> requestNanos(String path) {
    return List.copyOf(requestNanos.getOrDefault(path, List.of()));
  }

  /** How often {@code path} was requested. */
  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void pause(Duration delay) {
    try {
      Thread.sleep(delay); // the slow page itself, not a test waiting for a result
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
