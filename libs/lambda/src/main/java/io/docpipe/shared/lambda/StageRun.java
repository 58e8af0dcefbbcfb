package io.docpipe.shared.lambda;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import io.opentelemetry.api.trace.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame every stage runs a job's message in: take the job over (or drop a stale message), do the work, and end
 * the job at once on a permanent failure instead of letting the message cycle to the DLQ. Transient failures
 * propagate so the record goes back to its queue; on the record's last receive the job is failed first, so nothing
 * waits on a message that went to the DLQ, and so is a job whose work threw anything else ({@value #INTERNAL_ERROR}).
 * Deferred failures (the inference circuit is open) never fail the job. The work runs in a {@link TracedSpan} named by the stage
 * ({@code scrape}, {@code chunk}, {@code embed}) with the job's attributes; its log lines carry {@code job_id}; the
 * stage's duration and the job's failure are counted here, labelled like {@code failed_stage} (scraping, chunking,
 * embedding) so the two join without relabelling.
 */
public final class StageRun {
  private static final Logger LOG = LoggerFactory.getLogger(StageRun.class);
  /** The error code of a job failed by an exception that is not a {@link StageFailure}. */
  public static final String INTERNAL_ERROR = "internal_error";

  @FunctionalInterface
  public interface Work {
    void run();
  }

  private final JobStore jobs;
  private final Telemetry telemetry;
  private final JobStatus stage;
  private final String stageName;

  public StageRun(JobStore jobs, Telemetry telemetry, JobStatus stage) {
    this.jobs = jobs;
    this.telemetry = telemetry;
    this.stage = stage;
    this.stageName = SpanAttributes.stageOf(stage);
  }

  /**
   * Returns false when the message was dropped (job past this stage, ended, or unknown) or the job failed.
   * {@code invocation} says whether this is the record's last delivery, when a failure ends the job.
   */
  public boolean run(String jobId, String url, String corpusName, Invocation invocation, Work work) {
    // The record's span learns which job it carries, so every span of the job has job.id.
    Span.current().setAttribute(SpanAttributes.JOB_ID, jobId).setAttribute(SpanAttributes.JOB_URL, url)
        .setAttribute(SpanAttributes.CORPUS_NAME, corpusName).setAttribute(SpanAttributes.JOB_STAGE, stageName);
    try (LogContext log = LogContext.job(jobId);
        TracedSpan span = TracedSpan.start(telemetry.tracer(), stageName).job(jobId, url, corpusName)
            .set(SpanAttributes.JOB_STAGE, stageName).set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_ASYNC)) {
      if (jobs.begin(jobId, stage) == JobStore.Takeover.SKIP) {
        EventLog.info(LOG, LogEvent.JOB_DROPPED).with(LogField.STAGE, stage.wire())
            .log("job {} is not waiting for {}; message dropped", jobId, stage.wire());
        return false;
      }
      long start = System.nanoTime();
      try {
        work.run();
        telemetry.metrics().recordSince(PipelineMetrics.JOB_STAGE_DURATION, start, stage.wire());
        // Wall-clock seconds, as Prometheus' time() reads them: a panel shows time() minus the newest of these.
        telemetry.metrics().set(PipelineMetrics.JOB_STAGE_LAST_SUCCESS, System.currentTimeMillis() / 1000.0, stage.wire());
        return true;
      } catch (StageFailure failure) {
        if (failure.deferred()) {
          failureLine(EventLog.info(LOG, LogEvent.JOB_DEFERRED), failure, url, invocation)
              .log("job {} {} deferred for {}: {} ({})", jobId, stageName, failure.retryAfter(), failure.errorCode(),
                  failure.getMessage());
          throw failure;
        }
        span.failJob(failure, stage, failure.errorCode());
        if (!failure.permanent() && !invocation.lastDelivery()) {
          failureLine(EventLog.warn(LOG, retriedEvent()), failure, url, invocation)
              .log("job {} {} attempt failed, the message goes back to the queue: {} ({})", jobId, stageName,
                  failure.errorCode(), failure.getMessage());
          throw failure;
        }
        // Permanent, or transient on the last receive before the DLQ: the job ends now, so its client learns it
        // failed instead of waiting for the scanner.
        if (jobs.fail(jobId, stage, failure.errorCode())) countFailed(telemetry.metrics(), stage);
        failureLine(EventLog.error(LOG, LogEvent.JOB_FAILED), failure, url, invocation)
            .log("job {} failed in {}: {} ({}{})", jobId, stage.wire(), failure.errorCode(), failure.getMessage(),
                failure.permanent() ? "" : "; last receive, the message goes to the DLQ");
        if (!failure.permanent()) throw failure; // kept in the DLQ for whoever investigates
        return false;
      } catch (RuntimeException e) {
        if (!invocation.lastDelivery()) {
          span.fail(e, e.getClass().getSimpleName());
          throw e;
        }
        // An error nobody typed (a bug, a database refusing a row) fails the same way on every receive: without
        // this the job would stay active while its message sits in the DLQ. Only the exception's class is logged
        // here; its message may be a library's and is not ours to vouch for.
        span.failJob(e, stage, INTERNAL_ERROR);
        if (jobs.fail(jobId, stage, INTERNAL_ERROR)) countFailed(telemetry.metrics(), stage);
        EventLog.error(LOG, LogEvent.JOB_FAILED).with(LogField.FAILED_STAGE, stage.wire())
            .with(LogField.ERROR_CODE, INTERNAL_ERROR).with(LogField.URL, url)
            .with(LogField.RETRIES, invocation.retries()).with(LogField.ERROR, e.getClass().getName())
            .log("job {} failed in {}: {} ({}; last receive, the message goes to the DLQ)", jobId, stage.wire(),
                INTERNAL_ERROR, e.getClass().getName());
        throw e;
      }
    }
  }

  /** Counts a job that ended failed in {@code stage}: jobs_failed_total and jobs_completed_total{status=failed}. */
  public static void countFailed(Metrics metrics, JobStatus stage) {
    metrics.add(PipelineMetrics.JOBS_FAILED, 1, stage.wire());
    metrics.add(PipelineMetrics.JOBS_COMPLETED, 1, JobStatus.FAILED.wire());
  }

  private EventLog.Line failureLine(EventLog.Line line, StageFailure failure, String url, Invocation invocation) {
    return line.with(LogField.FAILED_STAGE, stage.wire()).with(LogField.ERROR_CODE, failure.errorCode())
        .with(LogField.URL, url).with(LogField.RETRIES, invocation.retries());
  }

  private LogEvent retriedEvent() {
    return switch (stage) {
      case SCRAPING -> LogEvent.SCRAPE_FAILED;
      case CHUNKING -> LogEvent.CHUNK_FAILED;
      default -> LogEvent.EMBED_FAILED;
    };
  }
}
