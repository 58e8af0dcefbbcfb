package io.docpipe.stuckjobscanner;

import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.QueueDepths;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a job waiting in a backlog from a stuck one, for one scanner run. A job not updated for a while whose next
 * message may still be in a queue that holds messages (waiting, in flight or delayed) is waiting its turn: requeueing
 * it would put a duplicate at the back of the same queue, and three requeues would fail a job that was never stuck.
 * Once the queues it could be in hold nothing, its message cannot be on its way, so it is stuck. Why the queues' own
 * counts and not heartbeats or CloudWatch's age of the oldest message: docs/decisions/0005-backlog-aware-scanner.md.
 */
final class Backlogs {
  private static final Logger LOG = LoggerFactory.getLogger(Backlogs.class);

  private final QueueDepths depths;
  private final StuckJobScannerConfig config;
  private final Map<String, Boolean> holding = new HashMap<>();

  Backlogs(QueueDepths depths, StuckJobScannerConfig config) {
    this.depths = depths;
    this.config = config;
  }

  /** Whether a queue the job's next message could be in still holds messages. */
  boolean waits(Job job) {
    return queuesOf(job).stream().anyMatch(url -> holding.computeIfAbsent(url, this::holds));
  }

  /**
   * The queues a job's next message can be in. A job's status is the stage that last took it, so a scraped job stays
   * in scraping until the chunker takes it (its message is in the chunk queue), and a chunked one in chunking until the
   * embedder takes it (parts_total set: its parts are in the embed queue).
   */
  private List<String> queuesOf(Job job) {
    return switch (job.status()) {
      case QUEUED, SCRAPING -> List.of(config.scrapeQueueUrl(), config.chunkQueueUrl());
      case CHUNKING -> job.partsTotal() == null ? List.of(config.chunkQueueUrl()) : List.of(config.embedQueueUrl());
      case EMBEDDING -> List.of(config.embedQueueUrl());
      default -> List.of();
    };
  }

  private boolean holds(String url) {
    try {
      return depths.held(url) > 0;
    } catch (RuntimeException e) {
      // Unknown is not empty: a job left alone is looked at again next run, a needless requeue is a duplicate.
      EventLog.warn(LOG, LogEvent.QUEUE_DEPTH_FAILED).with(LogField.QUEUE, QueueDepths.nameOf(url))
          .with(LogField.ERROR, e.toString())
          .log("could not read the depth of {}; its jobs wait for the next run: {}", QueueDepths.nameOf(url), e.toString());
      return true;
    }
  }
}
