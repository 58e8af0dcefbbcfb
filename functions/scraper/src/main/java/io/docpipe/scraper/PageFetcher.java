package io.docpipe.scraper;

import io.docpipe.shared.StageFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.Closer;

/**
 * Fetches one page over HTTP(S) without ever connecting to a blocked address: every hop's scheme and port are checked
 * here and its addresses by the client's {@link CheckedDnsResolver} at connect time; redirects are followed by hand
 * (at most {@value #MAX_REDIRECTS}, never https to http). The decoded body is capped while streaming, and one deadline
 * covers the whole fetch. Failures come out as {@link StageFailure}s with a specific error code; only the ones a retry
 * could fix are transient.
 */
final class PageFetcher {
  static final int MAX_REDIRECTS = 5;
  private static final Set<String> ALLOWED_TYPES = Set.of("text/html", "application/xhtml+xml", "text/plain");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  // One daemon thread per execution environment aborts a fetch at its deadline, however slowly the bytes trickle in.
  private static final ScheduledExecutorService ALARMS = alarms();

  private record Hop(Page page, String location) {}

  private final CloseableHttpClient http;
  private final AddressPolicy policy;
  private final long maxBytes;
  private final Duration timeout;

  PageFetcher(CloseableHttpClient http, AddressPolicy policy, long maxBytes, Duration timeout) {
    this.http = http;
    this.policy = policy;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  static PageFetcher create(ScraperConfig config) {
    AddressPolicy policy = AddressPolicy.of(config);
    DnsResolver resolver = new CheckedDnsResolver(policy, InetAddress::getAllByName);
    return new PageFetcher(FetchClient.create(config.connectTimeout(), resolver), policy, config.maxBytes(), config.timeout());
  }

  Page fetch(String url) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Target target = Target.parse(url);
    for (int redirects = 0; ; redirects++) {
      policy.checkPort(target);
      Hop hop = exchange(target, deadline);
      if (hop.location() == null) return hop.page();
      if (redirects == MAX_REDIRECTS) throw StageFailure.permanent("too_many_redirects", "more than " + MAX_REDIRECTS + " redirects");
      target = target.redirect(hop.location());
    }
  }

  private Hop exchange(Target target, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) throw timedOut(null);
    HttpGet request = new HttpGet(target.pathAndQuery());
    // Zero would mean no timeout at all, so never less than a millisecond.
    long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
    request.setConfig(RequestConfig.custom().setResponseTimeout(remainingMillis, TimeUnit.MILLISECONDS).build());
    request.setHeader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9");
    request.setHeader("Accept-Encoding", "gzip, deflate");
    request.setHeader("Connection", "close"); // never reused: tell the server so
    ScheduledFuture<?> alarm = ALARMS.schedule(request::cancel, remaining, TimeUnit.NANOSECONDS);
    ClassicHttpResponse response = null;
    try {
      response = http.executeOpen(target.httpHost(), request, null);
      return read(target, response);
    } catch (CappedBody.TooLarge e) {
      throw tooLarge("stopped at " + e.bytesRead + " decoded bytes");
    } catch (IOException e) {
      throw System.nanoTime() - deadline >= 0 ? timedOut(e) : FetchClient.failure(e);
    } finally {
      alarm.cancel(false);
      // Abort rather than close: closing reads what is left of the body, which may be most of a bomb.
      request.cancel();
      Closer.closeQuietly(response);
    }
  }

  private Hop read(Target target, ClassicHttpResponse response) throws IOException {
    int status = response.getCode();
    String location = header(response, "Location");
    if (REDIRECTS.contains(status) && location != null) return new Hop(null, location);
    if (status / 100 != 2) throw FetchClient.statusFailure(response);
    String contentType = header(response, "Content-Type");
    String mediaType = mediaType(contentType == null ? "" : contentType);
    if (!ALLOWED_TYPES.contains(mediaType)) {
      throw StageFailure.permanent("unsupported_content_type", "content type '" + mediaType + "' is not HTML or text");
    }
    HttpEntity entity = response.getEntity();
    String encoding = header(response, "Content-Encoding");
    if (entity == null) return new Hop(new Page(target.url(), mediaType, charset(contentType), new byte[0]), null);
    if (encoding == null && entity.getContentLength() > maxBytes) throw tooLarge(entity.getContentLength() + " announced");
    byte[] body = CappedBody.read(entity.getContent(), encoding, maxBytes);
    if (BodySniffer.binary(body, charset(contentType))) {
      throw StageFailure.permanent("unsupported_content_type", "served as '" + mediaType + "' but the body is binary");
    }
    return new Hop(new Page(target.url(), mediaType, charset(contentType), body), null);
  }

  private static String header(ClassicHttpResponse response, String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? null : header.getValue();
  }

  private StageFailure tooLarge(String detail) {
    return StageFailure.permanent("too_large", "page is over " + maxBytes + " bytes (" + detail + ")");
  }

  private StageFailure timedOut(Throwable cause) {
    return StageFailure.transientFailure("timeout", "fetch took longer than " + timeout, cause);
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  static String charset(String contentType) {
    if (contentType == null) return null;
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) return p.substring(8).replace("\"", "").trim();
    }
    return null;
  }

  private static ScheduledExecutorService alarms() {
    ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("scraper-deadline").daemon().factory());
    alarms.setRemoveOnCancelPolicy(true);
    return alarms;
  }
}
