package io.docpipe.local.servers.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves OTLP/HTTP as the collector's otlp receiver does: {@code POST} of a protobuf export request (optionally
 * gzip-compressed) to a signal's path, answered 200 with an empty export response. JSON encoding is not supported
 * (415), nor are compressions other than gzip (400). Errors carry a plain-text body.
 */
final class OtlpHttpHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpHandler.class);
  /** The collector's default {@code max_request_body_size}; applied to the body before and after decompression. */
  static final int MAX_BODY_BYTES = 20 * 1024 * 1024;
  private static final String PROTOBUF = "application/x-protobuf";

  private final Telemetry telemetry;
  private final HangGate gate;
  private final Map<Signal, AtomicLong> requests = new EnumMap<>(Signal.class);

  OtlpHttpHandler(Telemetry telemetry, HangGate gate) {
    this.telemetry = telemetry;
    this.gate = gate;
    for (Signal signal : Signal.values()) requests.put(signal, new AtomicLong());
  }

  long requests(Signal signal) {
    return requests.get(signal).get();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Signal signal = Signal.forPath(exchange.getRequestURI().getPath());
      if (signal == null) {
        text(exchange, 404, "404 page not found");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        text(exchange, 405, "405 method not allowed, supported: [POST]");
        return;
      }
      requests.get(signal).incrementAndGet();
      if (!gate.pass()) return; // held in HANG, then dropped: closing the exchange unanswered drops the connection
      export(exchange, signal);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void export(HttpExchange exchange, Signal signal) throws IOException {
    String type = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (!PROTOBUF.equals(type)) {
      text(exchange, 415, "415 unsupported media type, supported: [" + PROTOBUF + "]");
      return;
    }
    byte[] body;
    try {
      body = body(exchange);
    } catch (BadRequest e) {
      text(exchange, e.status, e.getMessage());
      return;
    }
    try {
      telemetry.accept(signal, body);
    } catch (InvalidProtocolBufferException e) {
      text(exchange, 400, "invalid " + signal.name().toLowerCase(Locale.ROOT) + " export request: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.error("could not keep an OTLP {} export", signal, e);
      text(exchange, 500, e.toString());
      return;
    }
    // Every Export*ServiceResponse without partial_success encodes to zero bytes: the body is empty, as from the
    // collector. -1 sends Content-Length: 0 (0 would mean chunked to HttpExchange).
    exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
    exchange.sendResponseHeaders(200, -1);
  }

  private static byte[] body(HttpExchange exchange) throws IOException, BadRequest {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream raw = exchange.getRequestBody()) {
      byte[] body = limited(raw);
      if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.strip())) return body;
      if (!"gzip".equalsIgnoreCase(encoding.strip())) {
        throw new BadRequest(400, "400 unsupported Content-Encoding " + encoding + ", supported: [gzip]");
      }
      try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return limited(unzipped);
      } catch (ZipException | EOFException e) {
        throw new BadRequest(400, "400 body is not valid gzip: " + e.getMessage());
      }
    }
  }

  private static byte[] limited(InputStream in) throws IOException, BadRequest {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) throw new BadRequest(413, "413 body exceeds " + MAX_BODY_BYTES + " bytes");
    return bytes;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) return "";
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A request the receiver refuses, with the status to answer. */
  private static final class BadRequest extends Exception {
    private final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
