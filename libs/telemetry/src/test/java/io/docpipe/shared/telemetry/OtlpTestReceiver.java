package io.docpipe.shared.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the collector extension: a JDK HTTP server on localhost that records the OTLP requests it gets.
 * {@code hanging} accepts each request and never answers (until closed), as a wedged collector would.
 */
final class OtlpTestReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  OtlpTestReceiver(boolean hanging) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "otlp-test-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      paths.add(exchange.getRequestURI().getPath());
      if (hanging) {
        try {
          release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      // An empty Export*ServiceResponse is a zero-length protobuf message.
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<String> paths() {
    return List.copyOf(paths);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    release.countDown();
    server.stop(0);
  }

  /** A port nothing listens on (it was free a moment ago): a collector that is down. */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
