package io.docpipe.scraper;

import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.BlobStore;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.lambda.StageRun;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scrapes one job's page: fetch, extract the main text, store it, hand the job to the chunker. */
final class Scraper {
  private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

  private final JobStore jobs;
  private final BlobStore blobs;
  private final QueueSender queue;
  private final String chunkQueueUrl;
  private final PageFetcher fetcher;
  private final TextExtractor extractor = new TextExtractor();

  Scraper(JobStore jobs, BlobStore blobs, QueueSender queue, String chunkQueueUrl, PageFetcher fetcher) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.queue = queue;
    this.chunkQueueUrl = chunkQueueUrl;
    this.fetcher = fetcher;
  }

  void process(ScrapeMessage message) {
    StageRun.run(jobs, JobStatus.SCRAPING, message.jobId(), () -> {
      Page page = fetcher.fetch(message.url());
      String text = extractor.extract(page);
      if (text.isBlank()) throw StageFailure.permanent("empty_content", "the page has no text");
      String key = BlobKeys.document(message.jobId());
      blobs.put(key, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
      queue.send(chunkQueueUrl, new ChunkMessage(message.jobId(), message.url(), message.corpusName(), key));
      // Sizes only: page content is never logged.
      LOG.info("job {} scraped: {} bytes fetched, {} chars of text", message.jobId(), page.body().length, text.length());
    });
  }
}
