package io.docpipe.local.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.docpipe.local.servers.FaultyEmbeddingFault.Delay;
import io.docpipe.local.servers.FaultyEmbeddingFault.Drop;
import io.docpipe.local.servers.FaultyEmbeddingFault.Ok;
import io.docpipe.local.servers.FaultyEmbeddingFault.Stall;
import io.docpipe.local.servers.FaultyEmbeddingFault.Status;
import io.docpipe.local.servers.FaultyEmbeddingFault.Throttle;
import io.docpipe.local.servers.FaultyEmbeddingServer.LoggedRequest;
import io.docpipe.local.servers.FaultyEmbeddingServer.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Answers {@link FaultyEmbeddingServer}'s requests. The fault is chosen on receipt (the next scripted one, else the
 * mode's) and the request is logged before any delay or stall, so a test can count calls that are still held. The
 * body is validated only for a normal answer, as a server that is down or overloaded answers before reading closely.
 */
final class FaultyEmbeddingHandler implements HttpHandler {
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final FaultyEmbeddingServer server;
  private final FaultyEmbeddingLog log;

  FaultyEmbeddingHandler(FaultyEmbeddingServer server, FaultyEmbeddingLog log) {
    this.server = server;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // Closing an exchange that sent no headers closes its connection: that is how a stall or drop ends.
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String allowed = switch (path) {
        case "/v1/embeddings" -> "POST";
        case "/health" -> "GET";
        default -> null;
      };
      if (allowed == null) {
        sendError(exchange, ApiError.notFound("Invalid URL (" + method + " " + path + ")"));
      } else if (!allowed.equals(method)) {
        sendError(exchange, ApiError.methodNotAllowed(method + " " + path + " is not allowed; use " + allowed));
      } else if (path.equals("/health")) {
        // TEI's health check fails while the model is unavailable; the other modes leave the process healthy.
        if (server.mode() == Mode.UNAVAILABLE) send(exchange, 503, injected(503), null);
        else send(exchange, 200, EmbeddingResponses.health(), null);
      } else {
        embeddings(exchange);
      }
    }
  }

  private void embeddings(HttpExchange exchange) throws IOException {
    Parsed request = parse(exchange);
    // Read before the mode: a switch in between then counts as a change and ends a stall at once, never missed.
    CountDownLatch modeChange = server.modeChange();
    Mode mode = server.mode();
    FaultyEmbeddingFault scripted = server.nextScripted();
    FaultyEmbeddingFault fault = scripted != null ? scripted : forMode(mode);
    FaultyEmbeddingLog.Entry entry = log.received(request.inputs().size(), isProbe(request.inputs()), mode, fault,
        scripted != null);
    try {
      switch (fault) {
        case Ok ok -> answer(exchange, entry, request);
        case Delay delay -> {
          if (server.closedWithin(delay.delay())) entry.answered(LoggedRequest.ABANDONED);
          else answer(exchange, entry, request);
        }
        case Status status -> reply(exchange, entry, status.code(), injected(status.code()), null);
        case Throttle throttle -> reply(exchange, entry, 429, injected(429), throttle.retryAfterSeconds());
        case Stall stall -> {
          modeChange.await();
          entry.answered(LoggedRequest.ABANDONED);
        }
        case Drop drop -> entry.answered(LoggedRequest.ABANDONED);
      }
    } catch (InterruptedException e) {
      // Only close() interrupts, after giving held requests their chance to end.
      entry.answered(LoggedRequest.ABANDONED);
      Thread.currentThread().interrupt();
    }
  }

  private FaultyEmbeddingFault forMode(Mode mode) {
    return switch (mode) {
      case UP -> FaultyEmbeddingFault.ok();
      case UNAVAILABLE -> FaultyEmbeddingFault.status(503);
      // Only a request that raced the switch to REFUSE gets here; the socket closing under it is what it would see.
      case REFUSE -> FaultyEmbeddingFault.drop();
      case STALL -> FaultyEmbeddingFault.stall();
      case THROTTLE -> FaultyEmbeddingFault.throttle(server.retryAfterSeconds());
    };
  }

  private boolean isProbe(List<String> inputs) {
    return inputs.size() == 1 && inputs.get(0).equals(server.probeText());
  }

  private void answer(HttpExchange exchange, FaultyEmbeddingLog.Entry entry, Parsed request) throws IOException {
    if (request.error() != null) {
      reply(exchange, entry, request.error().status(), EmbeddingResponses.error(request.error()), null);
      return;
    }
    EmbeddingRequest body = request.body();
    float[][] vectors = FaultyEmbeddingVectors.of(body.inputs(), server.dimension());
    byte[] json = EmbeddingResponses.embeddings(vectors, FaultyEmbeddingVectors.promptTokens(body.inputs()),
        body.base64());
    reply(exchange, entry, 200, json, null);
  }

  private static void reply(HttpExchange exchange, FaultyEmbeddingLog.Entry entry, int status, byte[] body,
      Integer retryAfterSeconds) throws IOException {
    // Logged before sending: a client may read the answer and check the log before this thread runs again.
    entry.answered(status);
    send(exchange, status, body, retryAfterSeconds);
  }

  /** TEI's wording for the statuses it uses, in the error shape of {@link EmbeddingServer}. */
  private static byte[] injected(int status) {
    String message = switch (status) {
      case 424 -> "Inference failed";
      case 429 -> "Model is overloaded";
      case 503 -> "Model is not ready";
      default -> "Request failed";
    } + " (injected fault, HTTP " + status + ")";
    boolean clientError = status < 500 && status != 429;
    return EmbeddingResponses.error(clientError ? ApiError.badRequest(message) : ApiError.internal(message));
  }

  /** The request, or the error a normal answer would give it; a malformed body does not stop a fault. */
  private static Parsed parse(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) throw ApiError.tooLarge("request body exceeds " + MAX_BODY_BYTES + " bytes");
      return new Parsed(EmbeddingRequest.parse(body), null);
    } catch (ApiError e) {
      return new Parsed(null, e);
    }
  }

  private static void sendError(HttpExchange exchange, ApiError error) throws IOException {
    send(exchange, error.status(), EmbeddingResponses.error(error), null);
  }

  private static void send(HttpExchange exchange, int status, byte[] body, Integer retryAfterSeconds)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfterSeconds != null) exchange.getResponseHeaders().set("Retry-After", retryAfterSeconds.toString());
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private record Parsed(EmbeddingRequest body, ApiError error) {
    List<String> inputs() {
      return body == null ? List.of() : body.inputs();
    }
  }
}
