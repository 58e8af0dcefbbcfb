package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docpipe.local.servers.FaultyEmbeddingServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests against the local stack's HTTP front and the real api and search handlers behind it, sent as raw
 * bytes over a socket so nothing is cleaned up on the way (CR/LF in headers, invalid UTF-8, unnormalized paths).
 * Each row names the status it must get and the field the problem must name; no row may get a 5xx, and no answer
 * may carry a stack trace, a class name or a header the request tried to inject.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALID = "{\"url\":\"https://example.com/a\",\"corpus_name\":\"hostile\"}";
  private static final String UUID = "6f1c2a9e-8b7d-4c5e-9a21-6d0f4b7e2c18";
  private static final Pattern INTERNALS = Pattern.compile(
      "Exception|\\tat |java\\.|javax\\.|com\\.fasterxml|software\\.amazon|io\\.docpipe|org\\.postgresql|Caused by");

  /** One hostile request and what it must get. */
  record Row(String name, byte[] request, int status, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A raw HTTP answer. */
  record Reply(int status, Map<String, String> headers, String body) {}

  private FaultyEmbeddingServer inference;
  private LocalStack stack;

  @BeforeAll
  void start() throws Exception {
    inference = FaultyEmbeddingServer.start(0, 384);
    stack = LocalStack.start(LocalStackOptions.forTests(Files.createDirectories(Path.of("target", "hostile-state")), Map.of())
        .withEmbeddingBaseUrl(inference.endpoint().toString()));
  }

  @AfterAll
  void stop() {
    if (stack != null) stack.close();
    if (inference != null) inference.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void hostileRequest_getsItsStatus_neverA5xx_neverInternals(Row row) throws IOException {
    Reply reply = send(row);

    assertThat(reply.status()).as("%s: status (body %s)", row.name(), reply.body()).isEqualTo(row.status()).isLessThan(500);
    assertThat(INTERNALS.matcher(reply.body()).find()).as("%s: internals in %s", row.name(), reply.body()).isFalse();
    assertThat(reply.headers()).as(row.name()).doesNotContainKeys("x-injected", "set-cookie");
    if (reply.headers().containsKey("x-request-id")) {
      assertThat(reply.headers().get("x-request-id")).as(row.name()).matches("[A-Za-z0-9._-]{1,128}");
    }
    if (row.status() >= 400) {
      assertThat(reply.headers().get("content-type")).as(row.name()).isEqualTo("application/problem+json");
      JsonNode problem = JSON.readTree(reply.body());
      assertThat(problem.path("status").asInt()).as(row.name()).isEqualTo(row.status());
      assertThat(problem.path("type").asText()).as(row.name()).startsWith("https://docpipe.dev/problems/");
      assertThat(problem.path("title").asText()).as(row.name()).isNotBlank();
      assertThat(problem.path("detail").asText()).as(row.name()).isNotBlank();
      assertThat(problem.path("field").asText(null)).as("%s: field at fault", row.name()).isEqualTo(row.field());
    }
  }

  static Stream<Row> table() {
    List<Row> rows = new ArrayList<>();
    // -- malformed JSON, wrong types, nulls, arrays instead of objects
    rows.add(submit("malformed JSON", "{\"url\":", 400, null));
    rows.add(submit("empty body", "", 400, null));
    rows.add(submit("JSON null", "null", 400, null));
    rows.add(submit("array instead of object", "[" + VALID + "]", 400, null));
    rows.add(submit("string instead of object", "\"" + VALID.replace("\"", "\\\"") + "\"", 400, null));
    rows.add(submit("number instead of object", "42", 400, null));
    rows.add(submit("empty object", "{}", 400, "url"));
    rows.add(submit("url is a number", "{\"url\":42,\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("url is null", "{\"url\":null,\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("url is an array", "{\"url\":[\"https://example.com/\"],\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("url is an object", "{\"url\":{\"href\":\"https://example.com/\"},\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("corpus_name is null", "{\"url\":\"https://example.com/\",\"corpus_name\":null}", 400, "corpus_name"));
    rows.add(submit("corpus_name is a boolean", "{\"url\":\"https://example.com/\",\"corpus_name\":true}", 400, "corpus_name"));
    rows.add(submit("duplicate key smuggling a second url",
        "{\"url\":\"https://example.com/\",\"url\":\"file:///etc/passwd\",\"corpus_name\":\"docs\"}", 400, null));
    rows.add(submit("trailing content after the object", VALID + " {\"url\":\"file:///etc/passwd\"}", 400, null));
    rows.add(submit("comment in JSON", "/* hi */" + VALID, 400, null));
    rows.add(submit("single-quoted JSON", VALID.replace('"', '\''), 400, null));
    // -- huge and deep bodies
    rows.add(submit("deeply nested JSON (10,000 levels)",
        "{\"url\":\"https://example.com/\",\"corpus_name\":\"docs\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
        400, null));
    rows.add(submit("body over 64 KiB", "{\"url\":\"https://example.com/\",\"corpus_name\":\"docs\",\"pad\":\""
        + "x".repeat(70_000) + "\"}", 413, null));
    rows.add(submit("body over API Gateway's 10 MB", "{\"pad\":\"" + "x".repeat(10 * 1024 * 1024 + 1) + "\"}", 413, null));
    rows.add(submit("64 KiB of 3-byte characters", "{\"url\":\"https://example.com/\",\"corpus_name\":\"docs\",\"pad\":\""
        + "\u20ac".repeat(22_000) + "\"}", 413, null));
    // -- media types
    rows.add(row("no Content-Type", "POST", "/jobs", Map.of(), VALID, 415, "Content-Type"));
    rows.add(row("text/plain", "POST", "/jobs", Map.of("Content-Type", "text/plain"), VALID, 415, "Content-Type"));
    rows.add(row("form encoded", "POST", "/jobs", Map.of("Content-Type", "application/x-www-form-urlencoded"),
        "url=https://example.com/&corpus_name=docs", 415, "Content-Type"));
    rows.add(row("JSON in latin1", "POST", "/jobs", Map.of("Content-Type", "application/json; charset=iso-8859-1"), VALID,
        415, "Content-Type"));
    rows.add(row("application/json with charset=utf-8 (fine)", "POST", "/jobs",
        Map.of("Content-Type", "application/json; charset=UTF-8"), VALID, 202, null));
    // -- control characters, NUL, unicode tricks, invalid UTF-8
    rows.add(submit("NUL in url", "{\"url\":\"https://example.com/\\u0000.html\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("CR/LF in url", "{\"url\":\"https://example.com/\\r\\nX-Injected: 1\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("bell in corpus_name", "{\"url\":\"https://example.com/\",\"corpus_name\":\"docs\\u0007\"}", 400, "corpus_name"));
    rows.add(submit("NUL in corpus_name", "{\"url\":\"https://example.com/\",\"corpus_name\":\"do\\u0000cs\"}", 400, "corpus_name"));
    rows.add(submit("raw control character in a JSON string", "{\"url\":\"https://example.com/\u0001\",\"corpus_name\":\"docs\"}",
        400, null));
    rows.add(submit("RTL override in url", "{\"url\":\"https://example.com/\u202Eexe.pdf\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("homoglyph host (Cyrillic a)", "{\"url\":\"https://ex\u0430mple.com/\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("fullwidth solidus in host", "{\"url\":\"https://example.com\uFF0Fevil.com/\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("zero-width space in corpus_name", "{\"url\":\"https://example.com/\",\"corpus_name\":\"do\u200Bcs\"}", 400,
        "corpus_name"));
    rows.add(submit("punycode host (fine)", "{\"url\":\"https://xn--80ak6aa92e.com/\",\"corpus_name\":\"hostile\"}", 202, null));
    rows.add(rawBody("overlong UTF-8 '/' (C0 AF)", "/jobs",
        bytes("{\"url\":\"https://example.com/", new byte[] {(byte) 0xC0, (byte) 0xAF}, "etc/passwd\",\"corpus_name\":\"docs\"}"),
        400, null));
    rows.add(rawBody("overlong UTF-8 '.' (E0 80 AE)", "/jobs",
        bytes("{\"url\":\"https://example.com/", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAE}, "\",\"corpus_name\":\"docs\"}"),
        400, null));
    rows.add(rawBody("invalid UTF-8 byte FF", "/jobs",
        bytes("{\"url\":\"https://example.com/", new byte[] {(byte) 0xFF}, "\",\"corpus_name\":\"docs\"}"), 400, null));
    rows.add(submit("lone surrogate escape in corpus_name", "{\"url\":\"https://example.com/\",\"corpus_name\":\"\\ud800\"}", 400,
        "corpus_name"));
    // -- URLs that must not be fetched
    rows.add(submit("file URL", "{\"url\":\"file:///etc/passwd\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("javascript URL", "{\"url\":\"javascript:alert(1)\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("gopher URL", "{\"url\":\"gopher://127.0.0.1:6379/_FLUSHALL\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("credentials in URL", "{\"url\":\"https://admin:secret@example.com/\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("relative URL", "{\"url\":\"/etc/passwd\",\"corpus_name\":\"docs\"}", 400, "url"));
    rows.add(submit("URL of 2,049 characters", "{\"url\":\"https://example.com/" + "a".repeat(2029) + "\",\"corpus_name\":\"docs\"}",
        400, "url"));
    // -- SQL-ish and path-ish strings
    rows.add(submit("SQL in corpus_name", "{\"url\":\"https://example.com/\",\"corpus_name\":\"docs'; DROP TABLE jobs;--\"}", 400,
        "corpus_name"));
    rows.add(submit("path traversal in corpus_name", "{\"url\":\"https://example.com/\",\"corpus_name\":\"../../etc\"}", 400,
        "corpus_name"));
    rows.add(submit("SQL in a URL's query (valid, stored as data)",
        "{\"url\":\"https://example.com/?q=%27%20OR%201%3D1--\",\"corpus_name\":\"hostile\"}", 202, null));
    // -- headers: injection, odd Idempotency-Keys and request ids
    rows.add(row("CRLF injection after Idempotency-Key", "POST", "/jobs",
        headers("Content-Type", "application/json", "Idempotency-Key", "k-1\r\nX-Injected: 1"), VALID, 202, null));
    rows.add(rawRequest("bare LF splitting Idempotency-Key (a second header, never echoed)",
        request("POST", "/jobs", "Content-Type: application/json\r\nIdempotency-Key: k-2\nX-Injected: 1\r\n", VALID), 202, null));
    rows.add(row("Idempotency-Key of 256 characters", "POST", "/jobs",
        headers("Content-Type", "application/json", "Idempotency-Key", "k".repeat(256)), VALID, 400, "Idempotency-Key"));
    rows.add(rawRequest("non-ASCII Idempotency-Key",
        bytes("POST /jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nIdempotency-Key: caf",
            new byte[] {(byte) 0xE9}, "\r\nContent-Length: " + VALID.length() + "\r\n\r\n" + VALID), 400, "Idempotency-Key"));
    rows.add(row("DEL inside Idempotency-Key", "POST", "/jobs",
        headers("Content-Type", "application/json", "Idempotency-Key", "a\u007fb"), VALID, 400, "Idempotency-Key"));
    rows.add(row("markup as X-Request-Id", "GET", "/jobs/" + UUID, headers("X-Request-Id", "<script>alert(1)</script>"), null,
        404, "job_id"));
    rows.add(row("CRLF injection after X-Request-Id", "GET", "/jobs/" + UUID,
        headers("X-Request-Id", "r1\r\nSet-Cookie: session=evil"), null, 404, "job_id"));
    // -- odd job ids and paths
    rows.add(row("raw ../../etc/passwd", "GET", "/jobs/../../etc/passwd", Map.of(), null, 404, null));
    rows.add(row("encoded ..%2F..%2Fetc%2Fpasswd", "GET", "/jobs/..%2F..%2Fetc%2Fpasswd", Map.of(), null, 404, "job_id"));
    rows.add(row("%2e%2e", "GET", "/jobs/%2e%2e", Map.of(), null, 404, "job_id"));
    rows.add(row("double-encoded %252e%252e", "GET", "/jobs/%252e%252e%252f", Map.of(), null, 404, "job_id"));
    rows.add(row("NUL in the id", "GET", "/jobs/" + UUID + "%00", Map.of(), null, 404, "job_id"));
    rows.add(row("overlong UTF-8 escapes in the id", "GET", "/jobs/%C0%AE%C0%AE%C0%AF", Map.of(), null, 404, "job_id"));
    rows.add(row("the idempotency item's key", "GET", "/jobs/idem%23anonymous-local%23abc", Map.of(), null, 404, "job_id"));
    rows.add(row("the circuit breaker's item", "GET", "/jobs/circuit-breaker%23embedding", Map.of(), null, 404, "job_id"));
    rows.add(row("SQL-ish id", "GET", "/jobs/1%27%20OR%20%271%27%3D%271", Map.of(), null, 404, "job_id"));
    rows.add(row("upper-case UUID", "GET", "/jobs/" + UUID.toUpperCase(Locale.ROOT), Map.of(), null, 404, "job_id"));
    rows.add(row("unknown path", "GET", "/admin", Map.of(), null, 404, null));
    rows.add(row("trailing slash", "POST", "/jobs/", headers("Content-Type", "application/json"), VALID, 404, null));
    rows.add(row("wrong method on /jobs", "DELETE", "/jobs", Map.of(), null, 405, null));
    rows.add(row("wrong method on a job", "PUT", "/jobs/" + UUID, headers("Content-Type", "application/json"), VALID, 405, null));
    rows.add(row("made-up method", "BREW", "/jobs", Map.of(), null, 405, null));
    // -- search
    String search = "/corpora/hostile/search";
    rows.add(searchRow("query is null", search, "{\"query\":null}", 400, "query"));
    rows.add(searchRow("query is an array", search, "{\"query\":[\"x\"]}", 400, "query"));
    rows.add(searchRow("query is empty", search, "{\"query\":\"\"}", 400, "query"));
    rows.add(searchRow("query is blank", search, "{\"query\":\" \\t \"}", 400, "query"));
    rows.add(searchRow("query of 2,001 characters", search, "{\"query\":\"" + "q".repeat(2001) + "\"}", 400, "query"));
    rows.add(searchRow("NUL in query", search, "{\"query\":\"a\\u0000b\"}", 400, "query"));
    rows.add(searchRow("lone surrogate in query", search, "{\"query\":\"\\udc00\"}", 400, "query"));
    rows.add(searchRow("top_k as a string", search, "{\"query\":\"x\",\"top_k\":\"5\"}", 400, "top_k"));
    rows.add(searchRow("top_k of 0", search, "{\"query\":\"x\",\"top_k\":0}", 400, "top_k"));
    rows.add(searchRow("top_k of 101", search, "{\"query\":\"x\",\"top_k\":101}", 400, "top_k"));
    rows.add(searchRow("unknown mode", search, "{\"query\":\"x\",\"mode\":\"semantic\"}", 400, "mode"));
    rows.add(searchRow("mode in upper case", search, "{\"query\":\"x\",\"mode\":\"HYBRID\"}", 400, "mode"));
    rows.add(searchRow("mode as a number", search, "{\"query\":\"x\",\"mode\":1}", 400, "mode"));
    rows.add(searchRow("mode as an array", search, "{\"query\":\"x\",\"mode\":[\"vector\"]}", 400, "mode"));
    rows.add(searchRow("mode as an object", search, "{\"query\":\"x\",\"mode\":{\"is\":\"keyword\"}}", 400, "mode"));
    rows.add(searchRow("tsquery syntax in a keyword query (valid, passed as data)", search,
        "{\"query\":\"a & !b | c:* <-> (\",\"mode\":\"keyword\"}", 200, null));
    rows.add(searchRow("only stop words in a keyword query", search, "{\"query\":\"the of and\",\"mode\":\"keyword\"}",
        200, null));
    rows.add(searchRow("top_k of 2.5", search, "{\"query\":\"x\",\"top_k\":2.5}", 400, "top_k"));
    rows.add(searchRow("top_k of 1e400", search, "{\"query\":\"x\",\"top_k\":1e400}", 400, "top_k"));
    rows.add(searchRow("top_k of 2^63", search, "{\"query\":\"x\",\"top_k\":9223372036854775808}", 400, "top_k"));
    rows.add(searchRow("top_k as an array", search, "{\"query\":\"x\",\"top_k\":[5]}", 400, "top_k"));
    rows.add(searchRow("search body is an array", search, "[{\"query\":\"x\"}]", 400, null));
    rows.add(searchRow("search body over 64 KiB", search, "{\"query\":\"x\",\"pad\":\"" + "x".repeat(70_000) + "\"}", 413, null));
    rows.add(searchRow("corpus with traversal", "/corpora/..%2F..%2Fetc/search", "{\"query\":\"x\"}", 400, "corpus_name"));
    rows.add(searchRow("corpus in upper case", "/corpora/UPPER/search", "{\"query\":\"x\"}", 400, "corpus_name"));
    rows.add(searchRow("SQL in the corpus", "/corpora/x%27%20OR%201%3D1--/search", "{\"query\":\"x\"}", 400, "corpus_name"));
    rows.add(row("search as text/plain", "POST", search, headers("Content-Type", "text/plain"), "{\"query\":\"x\"}", 415,
        "Content-Type"));
    rows.add(row("GET on search", "GET", search, Map.of(), null, 405, null));
    rows.add(searchRow("SQL in the query (valid, passed as data)", search, "{\"query\":\"'; DROP TABLE chunks; --\"}", 200, null));
    rows.add(searchRow("RTL override in the query (valid text)", search, "{\"query\":\"\u202Etxet\"}", 200, null));
    return rows.stream();
  }

  // ---- building rows ----

  private static Row submit(String name, String json, int status, String field) {
    return row(name, "POST", "/jobs", Map.of("Content-Type", "application/json"), json, status, field);
  }

  private static Row searchRow(String name, String path, String json, int status, String field) {
    return row(name, "POST", path, Map.of("Content-Type", "application/json"), json, status, field);
  }

  private static Row row(String name, String method, String target, Map<String, String> headers, String body, int status,
      String field) {
    StringBuilder head = new StringBuilder();
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    return new Row(name, request(method, target, head.toString(), body), status, field);
  }

  /** A JSON POST whose body is raw bytes (invalid UTF-8, say). */
  private static Row rawBody(String name, String target, byte[] body, int status, String field) {
    return new Row(name, withHead("POST", target, "Content-Type: application/json\r\n", body), status, field);
  }

  /** A whole request as raw bytes. */
  private static Row rawRequest(String name, byte[] request, int status, String field) {
    return new Row(name, request, status, field);
  }

  /** A whole HTTP/1.1 request: request line, {@code head} (header lines, each ending CRLF), Content-Length, body. */
  private static byte[] request(String method, String target, String head, String body) {
    return withHead(method, target, head, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] withHead(String method, String target, String head, byte[] body) {
    String start = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + head
        + "Content-Length: " + body.length + "\r\n\r\n";
    return bytes(start, body, "");
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) headers.put(pairs[i], pairs[i + 1]);
    return headers;
  }

  // ---- a raw HTTP/1.1 client ----

  private Reply send(Row row) throws IOException {
    int port = Integer.parseInt(stack.baseUrl().replaceAll(".*:(\\d+)/?$", "$1"));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(row.request());
        out.flush();
      } catch (IOException closedEarly) {
        // The server may answer (413, 415, 404) and close before a huge body is written; read what it said.
      }
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Reply parse(byte[] response) {
    String text = new String(response, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    assertThat(end).as("a complete HTTP response: %s", text).isPositive();
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
          (a, b) -> a + "," + b);
    }
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
  }
}
