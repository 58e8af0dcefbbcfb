package io.docpipe.bench.coldstart;

import com.sun.net.httpserver.HttpServer;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalServers;
import io.docpipe.local.servers.otlp.OtlpReceiver;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.shared.Env;
import io.docpipe.shared.pg.VectorDbConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The servers every sample talks to, started once per run: the AWS stand-ins and PostgreSQL from {@link LocalServers},
 * an inference server that answers at once (so a cold start is not hidden behind a model), an OTLP receiver in the
 * collector extension's place, and one HTML page for the scraper. {@link #environment()} is what the local stack
 * gives a function, pointed at them.
 */
final class BenchServers implements AutoCloseable {
  static final int EMBEDDING_DIMENSION = 384;
  /** Nothing listens here: the Lambda client is never called in a sample, only constructed. */
  private static final String UNUSED_LAMBDA_ENDPOINT = "http://127.0.0.1:9";

  private final FaultyEmbeddingServer inference;
  private final OtlpReceiver collector;
  private final HttpServer site;
  private final FunctionEnvironment functionEnvironment;
  private final Map<String, String> environment;

  BenchServers() {
    LocalServers servers = LocalServers.get();
    inference = FaultyEmbeddingServer.start(0, EMBEDDING_DIMENSION);
    collector = OtlpReceiver.start(0, null);
    site = pageServer();
    functionEnvironment = FunctionEnvironment.forTest("bench", 30)
        .vectorDb(servers.postgres())
        .embeddings(inference.endpoint().toString())
        .telemetry(collector.endpoint().toString())
        .lambda(UNUSED_LAMBDA_ENDPOINT);
    environment = functionEnvironment.build();
    SchemaMigrator.migrate(VectorDbConfig.fromEnv(Env.of(environment), functionEnvironment.clients()));
  }

  Map<String, String> environment() {
    return environment;
  }

  FunctionEnvironment functionEnvironment() {
    return functionEnvironment;
  }

  URI otlpEndpoint() {
    return collector.endpoint();
  }

  /** The page the scraper fetches; loopback is allowed by the local environment (SCRAPER_ALLOW_LOOPBACK_HOSTS). */
  String pageUrl() {
    return "http://127.0.0.1:" + site.getAddress().getPort() + "/article";
  }

  @Override
  public void close() {
    site.stop(0);
    collector.close();
    inference.close();
  }

  private static HttpServer pageServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      byte[] page = ("<html><head><title>Tides</title></head><body><nav>menu</nav><article><h1>Tides</h1>"
          + "<p>" + Fixtures.paragraphs(6) + "</p></article></body></html>").getBytes(StandardCharsets.UTF_8);
      server.createContext("/article", exchange -> {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(page);
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the scraper's page server", e);
    }
  }
}
