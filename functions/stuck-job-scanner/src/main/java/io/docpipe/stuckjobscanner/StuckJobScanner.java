package io.docpipe.stuckjobscanner;

import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.QueueSender;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net for what a crash or a lost message leaves behind: every active job not updated for
 * {@code stuckAfter} is requeued to its stage's queue, up to {@code maxRequeues} times, then failed with
 * {@code error_code=stuck}. Stages are idempotent, so a requeue of a job that was merely slow does no harm.
 */
final class StuckJobScanner {
  static final int MAX_JOBS_PER_RUN = 500;
  private static final Logger LOG = LoggerFactory.getLogger(StuckJobScanner.class);

  record Summary(int stuck, int requeued, int failed) {}

  private final JobStore jobs;
  private final QueueSender queue;
  private final StuckJobScannerConfig config;
  private final Clock clock;

  StuckJobScanner(JobStore jobs, QueueSender queue, StuckJobScannerConfig config, Clock clock) {
    this.jobs = jobs;
    this.queue = queue;
    this.config = config;
    this.clock = clock;
  }

  Summary scan() {
    Instant threshold = clock.instant().minus(config.stuckAfter());
    List<Job> stuck = jobs.findStale(threshold, MAX_JOBS_PER_RUN);
    int requeued = 0;
    int failed = 0;
    for (Job job : stuck) {
      if (job.requeues() >= config.maxRequeues()) {
        if (jobs.fail(job.jobId(), stageOf(job.status()), "stuck")) failed++;
        LOG.warn("job {} stuck in {} after {} requeues: failed", job.jobId(), job.status().wire(), job.requeues());
      } else if (jobs.recordRequeue(job.jobId(), job.status(), threshold)) {
        resend(job);
        requeued++;
        LOG.info("job {} stuck in {}: requeued ({} of {})", job.jobId(), job.status().wire(), job.requeues() + 1, config.maxRequeues());
      }
    }
    return new Summary(stuck.size(), requeued, failed);
  }

  private void resend(Job job) {
    switch (job.status()) {
      case QUEUED, SCRAPING -> queue.send(config.scrapeQueueUrl(), new ScrapeMessage(job.jobId(), job.url(), job.corpusName()));
      case CHUNKING -> queue.send(config.chunkQueueUrl(),
          new ChunkMessage(job.jobId(), job.url(), job.corpusName(), BlobKeys.document(job.jobId())));
      case EMBEDDING -> {
        // Which parts are missing is not worth tracking: storing a part twice is an upsert and counts once.
        int parts = job.partsTotal() == null ? 0 : job.partsTotal();
        for (int i = 0; i < parts; i++) {
          queue.send(config.embedQueueUrl(), new EmbedMessage(job.jobId(), job.url(), job.corpusName(),
              BlobKeys.part(job.jobId(), i), i, parts));
        }
      }
      default -> throw new IllegalStateException("not an active status: " + job.status());
    }
  }

  /** A job stuck before its first stage began counts as stuck in scraping, the stage that never took it. */
  static JobStatus stageOf(JobStatus status) {
    return status == JobStatus.QUEUED ? JobStatus.SCRAPING : status;
  }
}
