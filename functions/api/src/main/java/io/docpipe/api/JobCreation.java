package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.api.JobRequests.Submission;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.lambda.HttpResponses;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new job: the queued row, then the scrape message. A job whose message cannot be sent is ended as failed and
 * answered with 503, so nothing waits forever. The submit span's trace id is stored on the job and continues
 * through every stage.
 */
final class JobCreation {
  private static final Logger LOG = LoggerFactory.getLogger(JobCreation.class);

  private final JobStore jobs;
  private final QueueSender queue;
  private final String scrapeQueueUrl;
  private final Clock clock;
  private final Telemetry telemetry;

  JobCreation(JobStore jobs, QueueSender queue, String scrapeQueueUrl, Clock clock, Telemetry telemetry) {
    this.jobs = jobs;
    this.queue = queue;
    this.scrapeQueueUrl = scrapeQueueUrl;
    this.clock = clock;
    this.telemetry = telemetry;
  }

  APIGatewayV2HTTPResponse create(String jobId, Submission request) {
    String url = request.url();
    String corpus = request.corpusName();
    try (LogContext log = LogContext.job(jobId);
        TracedSpan span = TracedSpan.start(telemetry.tracer(), "submit job").job(jobId, url, corpus)
            .set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC)) {
      // The job's trace is the one this request runs in; every stage continues it through the queues.
      Job job = Job.queued(jobId, url, corpus, clock.instant(), traceId(span.span().getSpanContext()));
      jobs.create(job);
      try {
        queue.send(scrapeQueueUrl, new ScrapeMessage(jobId, url, corpus, job.createdAt()));
      } catch (RuntimeException e) {
        span.failJob(e, JobStatus.SCRAPING, "enqueue_failed");
        if (jobs.fail(jobId, JobStatus.SCRAPING, "enqueue_failed")) PipelineMetrics.countFailedJob(telemetry.metrics(), JobStatus.SCRAPING);
        EventLog.error(LOG, LogEvent.JOB_FAILED).with(LogField.FAILED_STAGE, JobStatus.SCRAPING.wire())
            .with(LogField.ERROR_CODE, "enqueue_failed").with(LogField.URL, url).with(LogField.ERROR, e.toString())
            .log("job {} could not be queued: {}", jobId, e.toString());
        return HttpResponses.problem(503, "unavailable", "Service Unavailable", "the job could not be queued; try again",
            null, Map.of("Retry-After", "1"));
      }
      telemetry.metrics().add(PipelineMetrics.JOBS_SUBMITTED, 1);
      EventLog.info(LOG, LogEvent.JOB_QUEUED).with(LogField.URL, url).with(LogField.CORPUS_NAME, corpus)
          .with(LogField.REQUEST_MODE, SpanAttributes.MODE_SYNC).log("job {} queued for corpus {}", jobId, corpus);
      return HttpResponses.json(202, new JobAccepted(jobId, job.status().wire()), Map.of("Location", "/jobs/" + jobId));
    }
  }

  /** The W3C trace id, or null when telemetry is off and no caller sent a trace. */
  static String traceId(SpanContext span) {
    return span.isValid() ? span.getTraceId() : null;
  }
}
