package io.docpipe.stuckjobscanner;

import io.docpipe.shared.breaker.BreakerProbe;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.QueueDepths;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.JobTraces;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net for what a crash or a lost message leaves behind: every active job not updated for
 * {@code stuckAfter} is requeued to its stage's queue, up to {@code maxRequeues} times, then failed with
 * {@code error_code=stuck}. A job whose message may still be in a queue that holds messages is waiting in a backlog,
 * not stuck ({@link Backlogs}), and neither is one waiting for an open inference circuit. Stages are idempotent, so a
 * requeue of a job that was merely slow does no harm. Each run
 * also samples the queue and DLQ depths. A job's requeue or failure is traced in the job's own trace.
 */
final class StuckJobScanner {
  static final int MAX_JOBS_PER_RUN = 500;
  private static final Logger LOG = LoggerFactory.getLogger(StuckJobScanner.class);

  /**
   * @param waitingInBacklog stale jobs left alone because a queue their message may be in still holds messages
   * @param breakerState the inference circuit after this run's probe, -1 when unknown
   */
  record Summary(int stuck, int requeued, int failed, int waitingOnInference, int waitingInBacklog, int breakerState) {}

  private final JobStore jobs;
  private final QueueSender queue;
  private final QueueGauges gauges;
  private final QueueDepths depths;
  private final StuckJobScannerConfig config;
  private final Clock clock;
  private final Telemetry telemetry;
  private final BreakerProbe probe;

  StuckJobScanner(JobStore jobs, QueueSender queue, QueueDepths depths, BreakerProbe probe, StuckJobScannerConfig config,
      Clock clock, Telemetry telemetry) {
    this.depths = depths;
    this.probe = probe;
    this.jobs = jobs;
    this.queue = queue;
    this.gauges = new QueueGauges(depths, telemetry.metrics());
    this.config = config;
    this.clock = clock;
    this.telemetry = telemetry;
  }

  Summary scan(Invocation invocation) {
    BreakerProbe.Result breaker = probe.run(invocation);
    // While the circuit is open, embedding jobs are waiting for the GPU, not stuck: their messages sit in the paused
    // queue and requeueing them would only add duplicates (and fail them as stuck during a long outage).
    boolean inferenceDown = breaker != null && breaker.inferenceWaiting();
    Instant threshold = clock.instant().minus(config.stuckAfter());
    List<Job> stale = jobs.findStale(threshold, MAX_JOBS_PER_RUN);
    List<Job> notOnInference = inferenceDown ? stale.stream().filter(j -> !waitsForInference(j)).toList() : stale;
    Backlogs backlogs = new Backlogs(depths, config);
    List<Job> stuck = notOnInference.stream().filter(j -> !backlogs.waits(j)).toList();
    Map<String, Integer> byStage = new LinkedHashMap<>();
    for (JobStatus s : List.of(JobStatus.SCRAPING, JobStatus.CHUNKING, JobStatus.EMBEDDING)) byStage.put(s.wire(), 0);
    int requeued = 0;
    int failed = 0;
    for (Job job : stuck) {
      JobStatus stage = stageOf(job.status());
      byStage.merge(stage.wire(), 1, Integer::sum);
      try (Scope trace = JobTraces.continueTrace(job.traceId()).makeCurrent();
          LogContext log = LogContext.job(job.jobId());
          TracedSpan span = TracedSpan.start(telemetry.tracer(), "stuck job").job(job.jobId(), job.url(), job.corpusName())
              .set(SpanAttributes.JOB_STAGE, SpanAttributes.stageOf(stage))) {
        if (job.requeues() >= config.maxRequeues()) {
          if (fail(job, stage, span)) failed++;
        } else if (jobs.recordRequeue(job.jobId(), job.status(), threshold)) {
          resend(job);
          requeued++;
          telemetry.metrics().add(PipelineMetrics.JOBS_REQUEUED, 1, stage.wire());
          EventLog.info(LOG, LogEvent.JOB_REQUEUED).with(LogField.STAGE, stage.wire())
              .with(LogField.REQUEUES, job.requeues() + 1).with(LogField.URL, job.url())
              .log("job {} stuck in {}: requeued ({} of {})", job.jobId(), job.status().wire(), job.requeues() + 1, config.maxRequeues());
        }
      }
    }
    byStage.forEach((stage, count) -> telemetry.metrics().set(PipelineMetrics.JOBS_STUCK, count, stage));
    gauges.sample(config.queueUrls(), config.dlqUrls());
    return new Summary(stuck.size(), requeued, failed, stale.size() - notOnInference.size(),
        notOnInference.size() - stuck.size(), breaker == null ? -1 : breaker.state().gauge());
  }

  private boolean fail(Job job, JobStatus stage, TracedSpan span) {
    span.failJob(null, stage, "stuck");
    boolean ended = jobs.fail(job.jobId(), stage, "stuck");
    if (ended) PipelineMetrics.countFailedJob(telemetry.metrics(), stage);
    EventLog.warn(LOG, LogEvent.JOB_STUCK).with(LogField.FAILED_STAGE, stage.wire()).with(LogField.ERROR_CODE, "stuck")
        .with(LogField.REQUEUES, job.requeues()).with(LogField.URL, job.url())
        .log("job {} stuck in {} after {} requeues: failed", job.jobId(), job.status().wire(), job.requeues());
    return ended;
  }

  private void resend(Job job) {
    switch (job.status()) {
      case QUEUED, SCRAPING ->
          queue.send(config.scrapeQueueUrl(), new ScrapeMessage(job.jobId(), job.url(), job.corpusName(), job.createdAt()));
      case CHUNKING -> queue.send(config.chunkQueueUrl(),
          new ChunkMessage(job.jobId(), job.url(), job.corpusName(), BlobKeys.document(job.jobId()),
              job.createdAt() == null ? null : job.createdAt().toString()));
      case EMBEDDING -> {
        // Which parts are missing is not worth tracking: storing a part twice is an upsert and counts once.
        int parts = job.partsTotal() == null ? 0 : job.partsTotal();
        for (int i = 0; i < parts; i++) {
          queue.send(config.embedQueueUrl(), new EmbedMessage(job.jobId(), job.url(), job.corpusName(),
              BlobKeys.part(job.jobId(), i), i, parts, job.createdAt()));
        }
      }
      default -> throw new IllegalStateException("not an active status: " + job.status());
    }
  }

  /**
   * Whose next step is the inference server: in embedding, or chunked with its parts queued but not yet taken over by
   * the embedder (the job stays in chunking until the embedder begins; parts_total says the chunker has finished).
   */
  static boolean waitsForInference(Job job) {
    return job.status() == JobStatus.EMBEDDING || (job.status() == JobStatus.CHUNKING && job.partsTotal() != null);
  }

  /** A job stuck before its first stage began counts as stuck in scraping, the stage that never took it. */
  static JobStatus stageOf(JobStatus status) {
    return status == JobStatus.QUEUED ? JobStatus.SCRAPING : status;
  }
}
