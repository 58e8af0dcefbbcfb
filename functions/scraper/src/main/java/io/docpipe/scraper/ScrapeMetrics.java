package io.docpipe.scraper;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import java.net.URI;
import java.util.Locale;

/**
 * The scrape_* metrics of one fetch. {@code mode} is always async here (pages are only fetched from the queue);
 * {@code domain} is the URL's host, whose cardinality is the set of sites users submit.
 */
final class ScrapeMetrics {
  static final String OK = "ok";

  private final Metrics metrics;

  ScrapeMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  void fetched(String url, long startNanos, long bytes, Invocation invocation) {
    String domain = domain(url);
    count(domain, OK, startNanos, invocation);
    metrics.record(PipelineMetrics.SCRAPE_RESPONSE_SIZE, bytes);
  }

  void failed(String url, long startNanos, String errorCode, Invocation invocation) {
    count(domain(url), errorCode, startNanos, invocation);
  }

  private void count(String domain, String status, long startNanos, Invocation invocation) {
    metrics.add(PipelineMetrics.SCRAPE_REQUESTS, 1, status, domain, SpanAttributes.MODE_ASYNC);
    metrics.recordSince(PipelineMetrics.SCRAPE_DURATION, startNanos, SpanAttributes.MODE_ASYNC);
    // A redelivered message is a retry of an earlier, failed or lost, attempt.
    if (invocation.receiveCount() > 1) metrics.add(PipelineMetrics.SCRAPE_RETRY, 1, domain);
  }

  static String domain(String url) {
    try {
      String host = URI.create(url.trim()).getHost();
      return host == null ? "invalid" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "invalid";
    }
  }
}
