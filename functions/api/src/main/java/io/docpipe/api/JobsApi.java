package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.CorpusNames;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.lambda.HttpRequests;
import io.docpipe.shared.lambda.HttpResponses;
import io.docpipe.shared.lambda.StageRun;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Submitting and reading jobs. */
final class JobsApi {
  private static final Logger LOG = LoggerFactory.getLogger(JobsApi.class);
  private static final Pattern JOB_ID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final JobStore jobs;
  private final QueueSender queue;
  private final String scrapeQueueUrl;
  private final Clock clock;
  private final Telemetry telemetry;

  JobsApi(JobStore jobs, QueueSender queue, String scrapeQueueUrl, Clock clock, Telemetry telemetry) {
    this.jobs = jobs;
    this.queue = queue;
    this.scrapeQueueUrl = scrapeQueueUrl;
    this.clock = clock;
    this.telemetry = telemetry;
  }

  APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    String method = HttpRequests.method(event);
    String route = event.getRouteKey();
    if ("POST /jobs".equals(route)) return submit(event);
    if ("GET /jobs/{job_id}".equals(route)) return get(HttpRequests.pathParameter(event, "job_id"));
    return HttpResponses.problem(404, "not-found", "Not Found", "no route for " + method + " " + event.getRawPath(), null);
  }

  private APIGatewayV2HTTPResponse submit(APIGatewayV2HTTPEvent event) {
    JsonNode body = HttpRequests.jsonObject(event);
    if (body == null) return HttpResponses.problem(400, "invalid-body", "Invalid body", "the body must be a JSON object", null);
    String url = text(body, "url");
    String corpus = text(body, "corpus_name");
    String urlProblem = JobRequests.urlProblem(url);
    if (urlProblem != null) return HttpResponses.problem(400, "invalid-url", "Invalid url", urlProblem, "url");
    if (!CorpusNames.isValid(corpus)) {
      return HttpResponses.problem(400, "invalid-corpus-name", "Invalid corpus_name", "corpus_name " + CorpusNames.rule(), "corpus_name");
    }
    String jobId = UUID.randomUUID().toString();
    try (LogContext log = LogContext.job(jobId);
        TracedSpan span = TracedSpan.start(telemetry.tracer(), "submit job").job(jobId, url, corpus)
            .set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC)) {
      // The job's trace is the one this request runs in; every stage continues it through the queues.
      Job job = Job.queued(jobId, url, corpus, clock.instant(), traceId(span.span().getSpanContext()));
      jobs.create(job);
      try {
        queue.send(scrapeQueueUrl, new ScrapeMessage(jobId, url, corpus));
      } catch (RuntimeException e) {
        span.failJob(e, JobStatus.SCRAPING, "enqueue_failed");
        if (jobs.fail(jobId, JobStatus.SCRAPING, "enqueue_failed")) StageRun.countFailed(telemetry.metrics(), JobStatus.SCRAPING);
        EventLog.error(LOG, LogEvent.JOB_FAILED).with(LogField.FAILED_STAGE, JobStatus.SCRAPING.wire())
            .with(LogField.ERROR_CODE, "enqueue_failed").with(LogField.URL, url).with(LogField.ERROR, e.toString())
            .log("job {} could not be queued: {}", jobId, e.toString());
        return HttpResponses.problem(503, "unavailable", "Service Unavailable", "the job could not be queued; try again", null);
      }
      telemetry.metrics().add(PipelineMetrics.JOBS_SUBMITTED, 1);
      EventLog.info(LOG, LogEvent.JOB_QUEUED).with(LogField.URL, url).with(LogField.CORPUS_NAME, corpus)
          .with(LogField.REQUEST_MODE, SpanAttributes.MODE_SYNC).log("job {} queued for corpus {}", jobId, corpus);
      return HttpResponses.json(202, Map.of("job_id", jobId, "status", job.status().wire()), Map.of("Location", "/jobs/" + jobId));
    }
  }

  private APIGatewayV2HTTPResponse get(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) return notFound(jobId);
    try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "get job").set(SpanAttributes.JOB_ID, jobId)
        .set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC)) {
      return jobs.find(jobId).map(job -> HttpResponses.json(200, view(job))).orElseGet(() -> notFound(jobId));
    }
  }

  private static APIGatewayV2HTTPResponse notFound(String jobId) {
    return HttpResponses.problem(404, "job-not-found", "Job not found", "no job with this id", "job_id");
  }

  static Map<String, Object> view(Job job) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("job_id", job.jobId());
    view.put("status", job.status().wire());
    view.put("url", job.url());
    view.put("corpus_name", job.corpusName());
    view.put("chunk_count", job.chunkCount());
    view.put("failed_stage", job.failedStage() == null ? null : job.failedStage().wire());
    view.put("error_code", job.errorCode());
    view.put("created_at", job.createdAt() == null ? null : job.createdAt().toString());
    view.put("updated_at", job.updatedAt() == null ? null : job.updatedAt().toString());
    view.put("trace_id", job.traceId());
    return view;
  }

  /** The W3C trace id, or null when telemetry is off and no caller sent a trace. */
  static String traceId(SpanContext span) {
    return span.isValid() ? span.getTraceId() : null;
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
