package io.docpipe.shared.lambda;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Messages.JobMessage;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import io.opentelemetry.api.trace.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's turn in a stage as telemetry sees it: a {@link TracedSpan} named by the stage ({@code scrape},
 * {@code chunk}, {@code embed}) with the job's attributes, {@code job_id} on its log lines, the stage's duration and
 * the job's failure counted, labelled like {@code failed_stage} (scraping, chunking, embedding) so the two join
 * without relabelling.
 */
final class TelemetryJobScope implements FrameHook.JobScope {
  private static final Logger LOG = LoggerFactory.getLogger(JobFrame.class);

  private final Telemetry telemetry;
  private final JobMessage job;
  private final JobStatus stage;
  private final String stageName;
  private final LogContext log;
  private final TracedSpan span;

  TelemetryJobScope(Telemetry telemetry, Span record, JobMessage job, JobStatus stage) {
    this.telemetry = telemetry;
    this.job = job;
    this.stage = stage;
    this.stageName = SpanAttributes.stageOf(stage);
    // The record's span learns which job it carries, so every span of the job has job.id.
    record.setAttribute(SpanAttributes.JOB_ID, job.jobId()).setAttribute(SpanAttributes.JOB_URL, job.url())
        .setAttribute(SpanAttributes.CORPUS_NAME, job.corpusName()).setAttribute(SpanAttributes.JOB_STAGE, stageName);
    this.log = LogContext.job(job.jobId());
    this.span = TracedSpan.start(telemetry.tracer(), stageName).job(job.jobId(), job.url(), job.corpusName())
        .set(SpanAttributes.JOB_STAGE, stageName).set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_ASYNC);
  }

  @Override
  public void dropped() {
    EventLog.info(LOG, LogEvent.JOB_DROPPED).with(LogField.STAGE, stage.wire())
        .log("job {} is not waiting for {}; message dropped", job.jobId(), stage.wire());
  }

  @Override
  public void succeeded(long startNanos) {
    telemetry.metrics().recordSince(PipelineMetrics.JOB_STAGE_DURATION, startNanos, stage.wire());
    // Wall-clock seconds, as Prometheus' time() reads them: a panel shows time() minus the newest of these.
    telemetry.metrics().set(PipelineMetrics.JOB_STAGE_LAST_SUCCESS, System.currentTimeMillis() / 1000.0, stage.wire());
  }

  @Override
  public void deferred(StageFailure failure, Invocation invocation) {
    failureLine(EventLog.info(LOG, LogEvent.JOB_DEFERRED), failure, invocation)
        .log("job {} {} deferred for {}: {} ({})", job.jobId(), stageName, failure.retryAfter(), failure.errorCode(),
            failure.getMessage());
  }

  @Override
  public void retried(RuntimeException error, Invocation invocation) {
    if (!(error instanceof StageFailure failure)) {
      span.fail(error, error.getClass().getSimpleName());
      return;
    }
    span.failJob(failure, stage, failure.errorCode());
    failureLine(EventLog.warn(LOG, retriedEvent()), failure, invocation)
        .log("job {} {} attempt failed, the message goes back to the queue: {} ({})", job.jobId(), stageName,
            failure.errorCode(), failure.getMessage());
  }

  @Override
  public void failing(RuntimeException error, String errorCode) {
    span.failJob(error, stage, errorCode);
  }

  @Override
  public void failed(RuntimeException error, String errorCode, boolean ended, Invocation invocation) {
    if (ended) PipelineMetrics.countFailedJob(telemetry.metrics(), stage);
    if (error instanceof StageFailure failure) {
      failureLine(EventLog.error(LOG, LogEvent.JOB_FAILED), failure, invocation)
          .log("job {} failed in {}: {} ({}{})", job.jobId(), stage.wire(), failure.errorCode(), failure.getMessage(),
              failure.permanent() ? "" : "; last receive, the message goes to the DLQ");
      return;
    }
    // Only the exception's class is logged: its message may be a library's and is not ours to vouch for.
    EventLog.error(LOG, LogEvent.JOB_FAILED).with(LogField.FAILED_STAGE, stage.wire())
        .with(LogField.ERROR_CODE, errorCode).with(LogField.URL, job.url())
        .with(LogField.RETRIES, invocation.retries()).with(LogField.ERROR, error.getClass().getName())
        .log("job {} failed in {}: {} ({}; last receive, the message goes to the DLQ)", job.jobId(), stage.wire(),
            errorCode, error.getClass().getName());
  }

  @Override
  public void close() {
    try {
      span.close();
    } finally {
      log.close();
    }
  }

  private EventLog.Line failureLine(EventLog.Line line, StageFailure failure, Invocation invocation) {
    return line.with(LogField.FAILED_STAGE, stage.wire()).with(LogField.ERROR_CODE, failure.errorCode())
        .with(LogField.URL, job.url()).with(LogField.RETRIES, invocation.retries());
  }

  private LogEvent retriedEvent() {
    return switch (stage) {
      case SCRAPING -> LogEvent.SCRAPE_FAILED;
      case CHUNKING -> LogEvent.CHUNK_FAILED;
      default -> LogEvent.EMBED_FAILED;
    };
  }
}
