package io.docpipe.scraper;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.BlobStore;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.ScrapedDocument;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.lambda.JobStage;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scrapes one job's page: fetch, extract the main text, store it, hand the job to the chunker. */
final class Scraper implements JobStage<ScrapeMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

  private final BlobStore blobs;
  private final QueueSender queue;
  private final String chunkQueueUrl;
  private final PageFetcher fetcher;
  private final Telemetry telemetry;
  private final ScrapeMetrics metrics;
  private final TextExtractor extractor = new TextExtractor();

  Scraper(BlobStore blobs, QueueSender queue, String chunkQueueUrl, PageFetcher fetcher, Telemetry telemetry) {
    this.blobs = blobs;
    this.queue = queue;
    this.chunkQueueUrl = chunkQueueUrl;
    this.fetcher = fetcher;
    this.telemetry = telemetry;
    this.metrics = new ScrapeMetrics(telemetry.metrics());
  }

  @Override
  public JobStatus stage() {
    return JobStatus.SCRAPING;
  }

  @Override
  public Class<ScrapeMessage> messageType() {
    return ScrapeMessage.class;
  }

  @Override
  public void process(ScrapeMessage message, Invocation invocation) {
    long start = System.nanoTime();
    Page page = fetch(message.url(), invocation);
    ScrapedDocument document;
    try (TracedSpan ignored = TracedSpan.start(telemetry.tracer(), "extract text")) {
      document = extractor.extract(page);
    }
    String text = document.text();
    if (text.isBlank()) throw StageFailure.permanent("empty_content", "the page has no text");
    String key = BlobKeys.document(message.jobId());
    blobs.put(key, Json.writeBytes(document), "application/json");
    queue.send(chunkQueueUrl, new ChunkMessage(message.jobId(), message.url(), message.corpusName(), key,
        message.submittedAt()));
    long ms = (System.nanoTime() - start) / 1_000_000;
    // Sizes only: page content is never logged.
    EventLog.info(LOG, LogEvent.SCRAPE_COMPLETED).with(LogField.URL, message.url()).with(LogField.DURATION_MS, ms)
        .with(LogField.BYTES, page.body().length).with(LogField.CHARS, text.length())
        .with(LogField.OPERATION, SpanAttributes.OPERATION_WRITE).with(LogField.REQUEST_MODE, SpanAttributes.MODE_ASYNC)
        .log("job {} scraped: {} bytes fetched, {} chars of text", message.jobId(), page.body().length, text.length());
  }

  private Page fetch(String url, Invocation invocation) {
    long start = System.nanoTime();
    try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "fetch page").set(SpanAttributes.JOB_URL, url)) {
      try {
        Page page = fetcher.fetch(url);
        metrics.fetched(url, start, page.body().length, invocation);
        return page;
      } catch (StageFailure failure) {
        span.fail(failure, failure.errorCode());
        metrics.failed(url, start, failure.errorCode(), invocation);
        throw failure;
      }
    }
  }
}
