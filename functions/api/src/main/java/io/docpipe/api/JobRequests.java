package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.CorpusNames;
import io.docpipe.shared.Json;
import io.docpipe.shared.lambda.HttpResponses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** What makes a submitted job acceptable before any network is touched. */
final class JobRequests {
  static final int MAX_URL_LENGTH = 2048;

  private JobRequests() {}

  /** An accepted submission. */
  record Submission(String url, String corpusName) {
    /** A hash of what was asked for, so a reused Idempotency-Key with another request is told apart. */
    String fingerprint() {
      return IdempotencyKeys.sha256(Json.write(List.of(url, corpusName)));
    }
  }

  /** The submission in {@code body}, or the 400 problem naming the field at fault: exactly one is set. */
  record Parsed(Submission submission, APIGatewayV2HTTPResponse problem) {}

  static Parsed parse(JsonNode body) {
    String url = text(body, "url");
    String urlProblem = urlProblem(url);
    if (urlProblem != null) {
      return new Parsed(null, HttpResponses.problem(400, "invalid-url", "Invalid url", urlProblem, "url"));
    }
    String corpus = text(body, "corpus_name");
    if (!CorpusNames.isValid(corpus)) {
      return new Parsed(null, HttpResponses.problem(400, "invalid-corpus-name", "Invalid corpus_name",
          "corpus_name is required and " + CorpusNames.rule(), "corpus_name"));
    }
    return new Parsed(new Submission(url, corpus), null);
  }

  /**
   * Null when {@code url} is acceptable, else why not. URLs are ASCII, as RFC 3986 has them: a client percent-encodes
   * the path and punycodes the host, so homoglyph hosts and bidirectional overrides cannot hide in one.
   */
  static String urlProblem(String url) {
    if (url == null || url.isBlank()) return "url is required and must be a string";
    if (url.length() > MAX_URL_LENGTH) return "url must be at most " + MAX_URL_LENGTH + " characters";
    if (url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      return "url must be ASCII without spaces or control characters (percent-encode the path, punycode the host)";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "url is not a valid URL";
    }
    if (!uri.isAbsolute() || uri.getScheme() == null) return "url must be absolute";
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) return "url must use http or https";
    if (uri.getHost() == null || uri.getHost().isBlank()) return "url must name a host";
    if (uri.getUserInfo() != null) return "url must not carry credentials";
    if (uri.getPort() == 0 || uri.getPort() > 65535) return "url has an invalid port";
    return null;
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
