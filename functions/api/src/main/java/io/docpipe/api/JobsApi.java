package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.api.JobRequests.Submission;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.lambda.ApiRoutes;
import io.docpipe.shared.lambda.Caller;
import io.docpipe.shared.lambda.HttpRequests;
import io.docpipe.shared.lambda.HttpResponses;
import io.docpipe.shared.lambda.JsonBodies;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submitting and reading jobs. A submission is validated, then replayed when its Idempotency-Key was used before
 * (same request: the earlier job, 200 with {@code Idempotent-Replayed: true}; another request: 409), then counted
 * against the caller's quota (429 with {@code Retry-After} beyond it), and only then created.
 */
final class JobsApi {
  static final String SUBMIT_ENDPOINT = "POST /jobs";
  private static final Logger LOG = LoggerFactory.getLogger(JobsApi.class);
  private static final Pattern JOB_ID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final JobStore jobs;
  private final JobCreation creation;
  private final IdempotencyStore keys;
  private final SubmissionQuota quota;
  private final Telemetry telemetry;

  JobsApi(JobStore jobs, JobCreation creation, IdempotencyStore keys, SubmissionQuota quota, Telemetry telemetry) {
    this.jobs = jobs;
    this.creation = creation;
    this.keys = keys;
    this.quota = quota;
    this.telemetry = telemetry;
  }

  ApiRoutes routes() {
    return ApiRoutes.builder().route("POST", "/jobs", (event, caller, invocation) -> submit(event, caller))
        .route("GET", "/jobs/{job_id}", (event, caller, invocation) -> get(event, caller)).build();
  }

  APIGatewayV2HTTPResponse submit(APIGatewayV2HTTPEvent event, Caller caller) {
    JsonBodies.Result body = JsonBodies.readObject(event);
    if (!body.ok()) return body.problem();
    JobRequests.Parsed parsed = JobRequests.parse(body.body());
    if (parsed.problem() != null) return parsed.problem();
    String key = HttpRequests.header(event, IdempotencyKeys.HEADER);
    if (key == null) return admit(caller, parsed.submission(), null);
    String keyProblem = IdempotencyKeys.problem(key);
    if (keyProblem != null) {
      return HttpResponses.problem(400, "invalid-idempotency-key", "Invalid Idempotency-Key", keyProblem, IdempotencyKeys.HEADER);
    }
    String keyHash = IdempotencyKeys.sha256(key);
    Optional<IdempotencyStore.Claim> earlier = keys.find(caller.id(), keyHash);
    return earlier.isPresent() ? replay(earlier.get(), parsed.submission()) : admit(caller, parsed.submission(), keyHash);
  }

  private APIGatewayV2HTTPResponse admit(Caller caller, Submission submission, String keyHash) {
    SubmissionQuota.Decision decision = quota.acquire(caller.id());
    if (!decision.allowed()) {
      telemetry.metrics().add(PipelineMetrics.RATE_LIMIT_HITS, 1, SUBMIT_ENDPOINT);
      EventLog.info(LOG, LogEvent.RATE_LIMITED).with(LogField.REASON, "submissions_per_minute")
          .log("submission refused: the caller's quota for this minute is used up");
      return HttpResponses.problem(429, "rate-limited", "Too Many Requests",
          "the job submission quota for this minute is used up; try again after Retry-After seconds", null,
          Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
    }
    String jobId = UUID.randomUUID().toString();
    if (keyHash != null) {
      Optional<IdempotencyStore.Claim> winner = keys.claim(caller.id(), keyHash, submission.fingerprint(), jobId);
      if (winner.isPresent()) return replay(winner.get(), submission);
    }
    APIGatewayV2HTTPResponse response;
    try {
      response = creation.create(jobId, submission);
    } catch (RuntimeException e) {
      if (keyHash != null) keys.release(caller.id(), keyHash, jobId);
      throw e;
    }
    // A job that could not be queued is not what the key should replay: a retry with it gets a fresh attempt.
    if (keyHash != null && response.getStatusCode() >= 500) keys.release(caller.id(), keyHash, jobId);
    return response;
  }

  private APIGatewayV2HTTPResponse replay(IdempotencyStore.Claim claim, Submission submission) {
    if (!claim.fingerprint().equals(submission.fingerprint())) {
      return HttpResponses.problem(409, "idempotency-key-reused", "Idempotency-Key reused",
          "this Idempotency-Key was used with a different request", IdempotencyKeys.HEADER);
    }
    Optional<Job> job = jobs.find(claim.jobId());
    if (job.isEmpty()) {
      return HttpResponses.problem(409, "idempotency-key-in-flight", "Request in progress",
          "a request with this Idempotency-Key is still being processed; try again", IdempotencyKeys.HEADER,
          Map.of("Retry-After", "1"));
    }
    try (LogContext log = LogContext.job(claim.jobId())) {
      EventLog.info(LOG, LogEvent.JOB_REPLAYED).log("submission replayed: job {} already exists for this key", claim.jobId());
    }
    return HttpResponses.json(200, new JobAccepted(claim.jobId(), job.get().status().wire()),
        Map.of("Location", "/jobs/" + claim.jobId(), "Idempotent-Replayed", "true"));
  }

  APIGatewayV2HTTPResponse get(APIGatewayV2HTTPEvent event, Caller caller) {
    String jobId = HttpRequests.pathParameter(event, "job_id");
    // Job ids are UUIDs: anything else (../../etc/passwd, idem#..., quota#...) is no job, without a read.
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) return notFound();
    try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "get job").set(SpanAttributes.JOB_ID, jobId)
        .set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC)) {
      return jobs.find(jobId).map(job -> HttpResponses.json(200, view(job))).orElseGet(JobsApi::notFound);
    }
  }

  private static APIGatewayV2HTTPResponse notFound() {
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
}
