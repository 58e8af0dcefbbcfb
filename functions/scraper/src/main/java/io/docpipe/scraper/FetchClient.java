package io.docpipe.scraper;

import io.docpipe.shared.StageFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.util.TimeValue;

/** The scraper's HTTP client (Apache HttpClient 5, classic), and what its failures mean for a job. */
final class FetchClient {
  /** Used only to read Retry-After; the client itself never retries (SQS redelivers). */
  private static final DefaultHttpRequestRetryStrategy RETRY_AFTER =
      new DefaultHttpRequestRetryStrategy(0, TimeValue.ZERO_MILLISECONDS);

  private FetchClient() {}

  /**
   * Addresses only from {@code resolver}; no proxy (a proxy would resolve names itself, past our check), no
   * redirects (the fetcher follows them, checking each hop), no retries (SQS redelivers), no cookies carried from one
   * user's page to another's, no automatic decompression (the fetcher decodes under its cap), and no connection
   * reuse (a kept-alive connection rarely survives Lambda's freeze anyway).
   */
  static CloseableHttpClient create(Duration connectTimeout, DnsResolver resolver) {
    ConnectionConfig connections = ConnectionConfig.custom()
        .setConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS).build();
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(resolver).setDefaultConnectionConfig(connections).build())
        .setConnectionReuseStrategy((request, response, context) -> false)
        .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
        .disableContentCompression().disableAuthCaching()
        .setUserAgent("docpipe-scraper/0.1")
        .build();
  }

  /** Refusals and broken content are permanent; the network's trouble is transient. */
  static StageFailure failure(IOException e) {
    if (e instanceof AddressPolicy.Blocked) return StageFailure.permanent("blocked_address", e.getMessage());
    if (e instanceof UnknownHostException) return StageFailure.permanent("unresolvable_host", "host does not resolve");
    if (e instanceof CappedBody.UnsupportedEncoding) return StageFailure.permanent("unsupported_content_encoding", e.getMessage());
    if (e instanceof ConnectTimeoutException) return StageFailure.transientFailure("connect_timeout", "connect timed out", e);
    if (e instanceof SocketTimeoutException) return StageFailure.transientFailure("timeout", "read timed out", e);
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return StageFailure.transientFailure("connection_failed", "connection refused", e);
    }
    return StageFailure.transientFailure("fetch_failed", e.toString(), e);
  }

  /**
   * 404 and 410 will not change; other 4xx are the site refusing us; 408, 429 and 5xx may pass on a later try, and
   * not before the response's {@code Retry-After} (seconds or an HTTP date) when it has one.
   */
  static StageFailure statusFailure(HttpResponse response) {
    int status = response.getCode();
    String code = "http_" + status;
    if (status == 408 || status == 429 || status >= 500) {
      Duration retryAfter = retryAfter(response);
      return retryAfter == null ? StageFailure.transientFailure(code, "site answered " + status, null)
          : StageFailure.retryLater(code, "site answered " + status + ", retry after " + retryAfter, retryAfter, null);
    }
    return StageFailure.permanent(code, "site answered " + status);
  }

  /** HttpClient's own reading of Retry-After; null when the response has none (or one that is not a delay). */
  static Duration retryAfter(HttpResponse response) {
    TimeValue interval = RETRY_AFTER.getRetryInterval(response, 1, null);
    return interval == null || interval.toMilliseconds() <= 0 ? null : Duration.ofMillis(interval.toMilliseconds());
  }
}
