package io.docpipe.scraper;

import io.docpipe.shared.StageFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one page over HTTP(S): redirects followed by hand (at most {@value #MAX_REDIRECTS}) so every hop's host is
 * checked, a size cap enforced while streaming, and one deadline for the whole fetch. Failures come out as
 * {@link StageFailure}s with a specific error code; only the ones a retry could fix are transient.
 */
final class PageFetcher {
  static final int MAX_REDIRECTS = 5;
  private static final Set<String> ALLOWED_TYPES = Set.of("text/html", "application/xhtml+xml", "text/plain");

  private final HttpClient http;
  private final AddressPolicy addresses;
  private final long maxBytes;
  private final Duration timeout;

  PageFetcher(HttpClient http, AddressPolicy addresses, long maxBytes, Duration timeout) {
    this.http = http;
    this.addresses = addresses;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  Page fetch(String url) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI current = parse(url);
    for (int hop = 0; ; hop++) {
      requireHttp(current);
      addresses.check(current.getHost());
      HttpResponse<byte[]> response = get(current, deadline);
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
        if (hop == MAX_REDIRECTS) throw StageFailure.permanent("too_many_redirects", "more than " + MAX_REDIRECTS + " redirects");
        current = current.resolve(parse(response.headers().firstValue("location").get()));
        continue;
      }
      if (status / 100 != 2) throw statusFailure(status);
      String contentType = response.headers().firstValue("content-type").orElse("");
      String mediaType = mediaType(contentType);
      if (!ALLOWED_TYPES.contains(mediaType)) {
        throw StageFailure.permanent("unsupported_content_type", "content type '" + mediaType + "' is not HTML or text");
      }
      if (response.body() == null) throw StageFailure.permanent("too_large", "page is over " + maxBytes + " bytes");
      return new Page(current.toString(), mediaType, charset(contentType), response.body());
    }
  }

  private HttpResponse<byte[]> get(URI uri, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) throw StageFailure.transientFailure("timeout", "fetch took longer than " + timeout, null);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofNanos(remaining))
        .header("User-Agent", "docpipe-scraper/0.1")
        .header("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9")
        .GET()
        .build();
    CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, this::bodyFor);
    try {
      return future.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw StageFailure.transientFailure("timeout", "fetch took longer than " + timeout, null);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw StageFailure.transientFailure("interrupted", "interrupted while fetching", e);
    } catch (ExecutionException e) {
      throw ioFailure(e.getCause());
    }
  }

  /** Reads the body only of a successful answer of an allowed type that does not announce itself over the cap. */
  private HttpResponse.BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
    boolean wanted = info.statusCode() / 100 == 2
        && ALLOWED_TYPES.contains(mediaType(info.headers().firstValue("content-type").orElse("")));
    long announced = info.headers().firstValueAsLong("content-length").orElse(-1);
    if (!wanted || announced > maxBytes) return new SkippedBody();
    return new CappedBody(maxBytes);
  }

  private StageFailure ioFailure(Throwable cause) {
    if (cause instanceof CappedBody.TooLarge) return StageFailure.permanent("too_large", "page is over " + maxBytes + " bytes");
    if (cause instanceof HttpConnectTimeoutException) return StageFailure.transientFailure("connect_timeout", "connect timed out", cause);
    if (cause instanceof java.net.http.HttpTimeoutException) return StageFailure.transientFailure("timeout", "fetch timed out", cause);
    if (cause instanceof ConnectException) return StageFailure.transientFailure("connection_failed", "connection refused", cause);
    if (cause instanceof IOException) return StageFailure.transientFailure("fetch_failed", cause.toString(), cause);
    return StageFailure.transientFailure("fetch_failed", String.valueOf(cause), cause);
  }

  /** 404 and 410 will not change; other 4xx are the site refusing us; 408, 429 and 5xx may pass on a later try. */
  private static StageFailure statusFailure(int status) {
    String code = "http_" + status;
    if (status == 408 || status == 429 || status >= 500) return StageFailure.transientFailure(code, "site answered " + status, null);
    return StageFailure.permanent(code, "site answered " + status);
  }

  private static URI parse(String url) {
    try {
      return URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw StageFailure.permanent("invalid_url", "not a valid URL");
    }
  }

  private static void requireHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw StageFailure.permanent("invalid_url", "only absolute http and https URLs can be fetched");
    }
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  static String charset(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) return p.substring(8).replace("\"", "").trim();
    }
    return null;
  }
}
