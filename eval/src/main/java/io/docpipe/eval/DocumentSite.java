package io.docpipe.eval;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The benchmark's documents as web pages on loopback, for the pipeline to scrape as it would any site: each at
 * {@code /docs/{id}}, its title as {@code <title>} and {@code <h1>}, its text as paragraphs. A hit's URL names its
 * document again ({@link #documentId}), whatever port served it.
 */
final class DocumentSite implements AutoCloseable {
  static final String PREFIX = "/docs/";

  private final HttpServer server;
  private final Map<String, BeirDataset.Document> documents = new HashMap<>();

  DocumentSite(List<BeirDataset.Document> corpus, int port) {
    corpus.forEach(d -> documents.put(d.id(), d));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the documents on port " + port, e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4, Thread.ofPlatform().name("eval-site-", 0).daemon().factory()));
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getRawPath();
        BeirDataset.Document d = path.startsWith(PREFIX) ? documents.get(decode(path.substring(PREFIX.length()))) : null;
        byte[] body = (d == null ? "<html><body><h1>Not found</h1></body></html>" : html(d)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(d == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
  }

  String url(String documentId) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX + URLEncoder.encode(documentId, StandardCharsets.UTF_8);
  }

  /** The document a URL of this site (on any port) names, or null for another URL. */
  static String documentId(String url) {
    int at = url.indexOf(PREFIX, url.indexOf("://") + 3);
    return at < 0 ? null : decode(url.substring(at + PREFIX.length()));
  }

  static String html(BeirDataset.Document d) {
    StringBuilder page = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(escape(d.title())).append("</title></head>\n<body><h1>").append(escape(d.title())).append("</h1>\n");
    for (String paragraph : d.text().split("\\n\\s*\\n")) {
      if (!paragraph.isBlank()) page.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
    }
    return page.append("</body></html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
