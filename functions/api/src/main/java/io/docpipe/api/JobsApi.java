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

  JobsApi(JobStore jobs, QueueSender queue, String scrapeQueueUrl, Clock clock) {
    this.jobs = jobs;
    this.queue = queue;
    this.scrapeQueueUrl = scrapeQueueUrl;
    this.clock = clock;
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
    Job job = Job.queued(UUID.randomUUID().toString(), url, corpus, clock.instant(), null);
    jobs.create(job);
    try {
      queue.send(scrapeQueueUrl, new ScrapeMessage(job.jobId(), url, corpus));
    } catch (RuntimeException e) {
      LOG.error("job {} could not be queued: {}", job.jobId(), e.toString());
      jobs.fail(job.jobId(), JobStatus.SCRAPING, "enqueue_failed");
      return HttpResponses.problem(503, "unavailable", "Service Unavailable", "the job could not be queued; try again", null);
    }
    LOG.info("job {} queued for corpus {}", job.jobId(), corpus);
    return HttpResponses.json(202, Map.of("job_id", job.jobId(), "status", job.status().wire()),
        Map.of("Location", "/jobs/" + job.jobId()));
  }

  private APIGatewayV2HTTPResponse get(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) return notFound(jobId);
    return jobs.find(jobId).map(job -> HttpResponses.json(200, view(job))).orElseGet(() -> notFound(jobId));
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

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
