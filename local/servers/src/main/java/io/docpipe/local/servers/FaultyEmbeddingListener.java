package io.docpipe.local.servers;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The listening socket of {@link FaultyEmbeddingServer}, on one port for its whole life. An {@link HttpServer} cannot
 * listen again once stopped, so each {@link #resume()} binds a new one to the same port. Not thread-safe: the server
 * calls it under its lock.
 */
final class FaultyEmbeddingListener {
  // The JDK binds with SO_REUSEADDR on Linux and macOS, so connections left in TIME_WAIT do not block the port; the
  // retries cover a socket the kernel is still closing, not a port someone else took meanwhile.
  private static final Duration REBIND_PATIENCE = Duration.ofMillis(500);
  private static final long RETRY_PAUSE_MILLIS = 20;

  private final HttpHandler handler;
  private final Executor workers;
  private final int port;
  private HttpServer http;

  /** Listens at once; port 0 picks a free port, which later {@link #resume()}s keep. */
  FaultyEmbeddingListener(int port, HttpHandler handler, Executor workers) {
    this.handler = handler;
    this.workers = workers;
    // A fixed port may have been let go by the previous test's server a moment ago.
    this.http = bind(port, port == 0 ? Duration.ZERO : REBIND_PATIENCE);
    this.port = http.getAddress().getPort();
  }

  int port() {
    return port;
  }

  /** Closes the listening socket and every open connection, so that connection attempts are refused. */
  void stop() {
    if (http == null) return;
    http.stop(0);
    http = null;
  }

  /** Listens on the same port again. */
  void resume() {
    if (http == null) http = bind(port, REBIND_PATIENCE);
  }

  private HttpServer bind(int onPort, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        server.createContext("/", handler);
        server.setExecutor(workers);
        server.start();
        return server;
      } catch (BindException e) {
        if (System.nanoTime() - deadline >= 0) throw new UncheckedIOException("cannot listen on port " + onPort, e);
        pause();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on port " + onPort, e);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS); // between bind attempts, while the kernel lets go of the port
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the port again", e);
    }
  }
}
