package io.docpipe.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the Lambda API production code calls: ListEventSourceMappings, GetEventSourceMapping and
 * UpdateEventSourceMapping (of which only {@code Enabled} is applied) on the SQS pollers' mappings, in the REST-JSON
 * wire format of API version 2015-03-31, so the SDK's {@code LambdaClient} works unchanged through
 * {@code AWS_ENDPOINT_URL_LAMBDA}. Other operations get {@code UnknownOperationException}; signatures are not checked.
 */
final class LocalLambdaApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaApi.class);
  private static final String MAPPINGS = "/2015-03-31/event-source-mappings";
  private static final int MAX_ITEMS = 10_000; // ListEventSourceMappings' own limit

  private final List<EventSourceMapping> mappings = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "local-lambda-api");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer server;

  LocalLambdaApi(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  void add(EventSourceMapping mapping) {
    mappings.add(mapping);
  }

  URI endpoint() {
    return URI.create("http://localhost:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      // SDK 2.41 asks for the list without the trailing slash the API reference shows; both are the same operation.
      String rest = path.startsWith(MAPPINGS) ? path.substring(MAPPINGS.length()).replaceFirst("^/", "") : null;
      if (rest != null && rest.isEmpty() && method.equals("GET")) {
        list(exchange, query(exchange.getRequestURI().getRawQuery()));
      } else if (rest != null && !rest.contains("/") && (method.equals("GET") || method.equals("PUT"))) {
        String uuid = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        EventSourceMapping mapping = mappings.stream().filter(m -> m.uuid().equals(uuid)).findFirst().orElse(null);
        if (mapping == null) {
          error(exchange, 404, "ResourceNotFoundException",
              "The resource you requested does not exist. (event source mapping " + uuid + ")");
        } else if (method.equals("GET")) {
          send(exchange, 200, json(mapping));
        } else {
          update(exchange, mapping);
        }
      } else {
        error(exchange, 404, "UnknownOperationException",
            "not implemented by the local Lambda API: " + method + " " + path);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("local Lambda API: {}", e.toString(), e);
      error(exchange, 500, "ServiceException", e.toString());
    }
  }

  private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
    String arn = query.get("EventSourceArn");
    String function = functionName(query.get("FunctionName"));
    int from;
    int max;
    try {
      from = Integer.parseInt(query.getOrDefault("Marker", "0"));
      max = Integer.parseInt(query.getOrDefault("MaxItems", "100"));
    } catch (NumberFormatException e) {
      error(exchange, 400, "InvalidParameterValueException", "Marker and MaxItems must be integers");
      return;
    }
    if (from < 0 || max < 1 || max > MAX_ITEMS) {
      error(exchange, 400, "InvalidParameterValueException", "MaxItems must be within 1.." + MAX_ITEMS);
      return;
    }
    List<EventSourceMapping> matching = mappings.stream()
        .filter(m -> arn == null || m.eventSourceArn().equals(arn))
        .filter(m -> function == null || m.functionName().equals(function))
        .toList();
    ObjectNode body = Json.mapper().createObjectNode();
    if (from + max < matching.size()) body.put("NextMarker", Integer.toString(from + max));
    ArrayNode items = body.putArray("EventSourceMappings");
    matching.stream().skip(from).limit(max).forEach(m -> items.add(json(m)));
    send(exchange, 200, body);
  }

  private void update(HttpExchange exchange, EventSourceMapping mapping) throws IOException, InterruptedException {
    JsonNode request;
    try {
      byte[] bytes = exchange.getRequestBody().readAllBytes();
      request = bytes.length == 0 ? Json.mapper().createObjectNode() : Json.read(bytes, JsonNode.class);
    } catch (Json.MalformedInputException e) {
      error(exchange, 400, "InvalidParameterValueException", e.getMessage());
      return;
    }
    if (request.has("Enabled")) mapping.setEnabled(request.get("Enabled").asBoolean());
    send(exchange, 202, json(mapping)); // 202, as the real UpdateEventSourceMapping answers
  }

  /** A name, a full or partial ARN, with or without a qualifier, as the FunctionName parameter allows. */
  private static String functionName(String value) {
    if (value == null) return null;
    int marker = value.indexOf("function:");
    String name = marker >= 0 ? value.substring(marker + "function:".length()) : value;
    int qualifier = name.indexOf(':');
    return qualifier >= 0 ? name.substring(0, qualifier) : name;
  }

  private static ObjectNode json(EventSourceMapping mapping) {
    EventSourceMapping.State state = mapping.state();
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("UUID", mapping.uuid());
    m.put("EventSourceArn", mapping.eventSourceArn());
    m.put("FunctionArn", mapping.functionArn());
    m.put("EventSourceMappingArn", EventSourceMapping.ACCOUNT_PREFIX + "event-source-mapping:" + mapping.uuid());
    m.put("State", state.enabled() ? "Enabled" : "Disabled");
    m.put("StateTransitionReason", "USER_INITIATED");
    m.put("BatchSize", mapping.batchSize());
    m.put("MaximumBatchingWindowInSeconds", 1);
    // REST-JSON timestamps are epoch seconds, a number with a fraction.
    m.put("LastModified", BigDecimal.valueOf(state.lastModified().toEpochMilli(), 3));
    m.putArray("FunctionResponseTypes").add("ReportBatchItemFailures");
    return m;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) return params;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) continue;
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("Type", status >= 500 ? "Service" : "User").put("Message", message);
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    HttpFront.send(exchange, status, "application/json", Json.writeBytes(body));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
