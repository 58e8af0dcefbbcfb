package io.docpipe.scraper;

import io.docpipe.shared.StageFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.hc.core5.http.HttpHost;

/**
 * One http(s) URL taken apart the way the client uses it: scheme, canonical host ({@link Hosts}), port, and the path
 * with its query. User info and fragment are dropped. The client is handed this host, never the URL string, so what
 * was checked is what is connected to.
 */
record Target(String scheme, String host, int port, String pathAndQuery) {

  static Target parse(String url) {
    try {
      return of(new URI(url.trim()));
    } catch (URISyntaxException e) {
      throw StageFailure.permanent("invalid_url", "not a valid URL");
    }
  }

  /** Where a redirect's {@code Location} leads from here: http(s) only, and never from https down to http. */
  Target redirect(String location) {
    Target next;
    try {
      next = of(new URI(url()).resolve(new URI(location.trim())));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw StageFailure.permanent("invalid_url", "redirect to an invalid URL");
    }
    if (scheme.equals("https") && next.scheme.equals("http")) {
      throw StageFailure.permanent("insecure_redirect", "redirect from https down to http");
    }
    return next;
  }

  private static Target of(URI uri) {
    if (uri.getScheme() == null) throw StageFailure.permanent("invalid_url", "not an absolute URL");
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw StageFailure.permanent("blocked_scheme", "only http and https URLs are fetched, not " + scheme);
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) throw StageFailure.permanent("invalid_url", "URL has no host");
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int split = hostPort.startsWith("[") ? hostPort.indexOf(']') + 1 : hostPort.lastIndexOf(':');
    if (split < 0 || hostPort.startsWith("[") && split == 0) split = hostPort.length();
    if (split < hostPort.length() && hostPort.charAt(split) != ':') {
      throw StageFailure.permanent("invalid_url", "URL has a malformed host");
    }
    String host;
    try {
      host = Hosts.canonical(hostPort.substring(0, split));
    } catch (IllegalArgumentException e) {
      throw StageFailure.permanent("invalid_url", "URL has an invalid host: " + e.getMessage());
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String portText = split < hostPort.length() ? hostPort.substring(split + 1) : "";
    int port = portText.isEmpty() ? defaultPort : port(portText);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new Target(scheme, host, port, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
  }

  private static int port(String text) {
    if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65_535) {
      throw StageFailure.permanent("invalid_url", "URL has an invalid port");
    }
    return Integer.parseInt(text);
  }

  private boolean defaultPort() {
    return port == (scheme.equals("https") ? 443 : 80);
  }

  /** The URL in canonical form, default port left out. */
  String url() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return scheme + "://" + h + (defaultPort() ? "" : ":" + port) + pathAndQuery;
  }

  /** The target for the client: the canonical host by name (so it goes through the checking resolver), no address. */
  HttpHost httpHost() {
    return new HttpHost(scheme, host, defaultPort() ? -1 : port);
  }
}
