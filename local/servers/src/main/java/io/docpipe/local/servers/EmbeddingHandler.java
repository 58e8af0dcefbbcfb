package io.docpipe.local.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the OpenAI-compatible API. One context serves every path, so an unknown path is a 404 rather than a prefix
 * match on a known one. Batch limits mirror TEI's (413 over the item or token budget), so the pipeline's batching is
 * tested against the limits it meets in production.
 */
final class EmbeddingHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingHandler.class);
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final BgeEmbedder embedder;
  private final int maxBatchItems;
  private final int maxBatchTokens;

  EmbeddingHandler(BgeEmbedder embedder, int maxBatchItems, int maxBatchTokens) {
    this.embedder = embedder;
    this.maxBatchItems = maxBatchItems;
    this.maxBatchTokens = maxBatchTokens;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        send(exchange, 200, route(exchange));
      } catch (ApiError e) {
        send(exchange, e.status(), EmbeddingResponses.error(e));
      } catch (RuntimeException e) {
        LOG.error("embedding request failed", e);
        send(exchange, 500, EmbeddingResponses.error(ApiError.internal(e.toString())));
      }
    }
  }

  private byte[] route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    return switch (path) {
      case "/health" -> only("GET", method, path, EmbeddingResponses::health);
      case "/v1/models" -> only("GET", method, path, EmbeddingResponses::models);
      case "/v1/embeddings" -> {
        if (!"POST".equals(method)) throw ApiError.methodNotAllowed(method + " " + path + " is not allowed; use POST");
        yield embeddings(readBody(exchange));
      }
      default -> throw ApiError.notFound("Invalid URL (" + method + " " + path + ")");
    };
  }

  private byte[] embeddings(byte[] body) {
    EmbeddingRequest request = EmbeddingRequest.parse(body);
    if (request.inputs().size() > maxBatchItems) {
      throw ApiError.tooLarge("batch size " + request.inputs().size() + " > maximum allowed batch size "
          + maxBatchItems);
    }
    List<long[]> tokenized = new ArrayList<>(request.inputs().size());
    int tokens = 0;
    for (String text : request.inputs()) {
      long[] ids = embedder.tokenize(text);
      tokenized.add(ids);
      tokens += ids.length;
    }
    if (tokens > maxBatchTokens) {
      throw ApiError.tooLarge("batch holds " + tokens + " tokens > maximum allowed " + maxBatchTokens
          + " tokens per batch");
    }
    return EmbeddingResponses.embeddings(embedder.embed(tokenized), tokens, request.base64());
  }

  private static byte[] only(String allowed, String method, String path, java.util.function.Supplier<byte[]> body) {
    if (!allowed.equals(method)) throw ApiError.methodNotAllowed(method + " " + path + " is not allowed; use " + allowed);
    return body.get();
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) throw ApiError.tooLarge("request body exceeds " + MAX_BODY_BYTES + " bytes");
      return body;
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
