package io.docpipe.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What makes a submitted URL acceptable before any network is touched. */
final class JobRequests {
  static final int MAX_URL_LENGTH = 2048;

  private JobRequests() {}

  /** Null when {@code url} is acceptable, else why not. */
  static String urlProblem(String url) {
    if (url == null || url.isBlank()) return "url is required and must be a string";
    if (url.length() > MAX_URL_LENGTH) return "url must be at most " + MAX_URL_LENGTH + " characters";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "url is not a valid URL: " + e.getReason();
    }
    if (!uri.isAbsolute() || uri.getScheme() == null) return "url must be absolute";
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) return "url must use http or https";
    if (uri.getHost() == null || uri.getHost().isBlank()) return "url must name a host";
    if (uri.getUserInfo() != null) return "url must not carry credentials";
    return null;
  }
}
