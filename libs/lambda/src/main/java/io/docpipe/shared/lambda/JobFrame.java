package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Messages.JobMessage;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Json;
import io.docpipe.shared.StageFailure;

/**
 * The frame every stage runs a job's message in, under the SQS frame: take the job over (or drop a stale message), do
 * the work, and end the job at once on a permanent failure instead of letting the message cycle to the DLQ.
 * Transient failures propagate so the record goes back to its queue; on the record's last receive the job is failed
 * first, so nothing waits on a message that went to the DLQ, and so is a job whose work threw anything else
 * ({@value #INTERNAL_ERROR}). Deferred failures (the inference circuit is open) never fail the job. What it does is
 * reported to the hook's job scope: the stage's span, the job's log lines and metrics.
 *
 * @param <M> the stage's message record
 */
public final class JobFrame<M extends JobMessage> {
  /** The error code of a job failed by an exception that is not a {@link StageFailure}. */
  public static final String INTERNAL_ERROR = "internal_error";

  private final JobStore jobs;
  private final JobStage<M> stage;

  public JobFrame(JobStore jobs, JobStage<M> stage) {
    this.jobs = jobs;
    this.stage = stage;
  }

  /** The record's work: read its message, then run the job; throwing returns the record to its queue. */
  void handle(SQSEvent.SQSMessage record, Invocation invocation, FrameHook.RecordScope scope) {
    run(Json.read(record.getBody(), stage.messageType()), invocation, scope);
  }

  /** False when the message was dropped (job past this stage, ended, or unknown) or the job failed. */
  boolean run(M message, Invocation invocation, FrameHook.RecordScope record) {
    JobStatus status = stage.stage();
    try (FrameHook.JobScope scope = record.job(message, status)) {
      if (jobs.begin(message.jobId(), status) == JobStore.Takeover.SKIP) {
        scope.dropped();
        return false;
      }
      long start = System.nanoTime();
      try {
        stage.process(message, invocation);
        scope.succeeded(start);
        return true;
      } catch (StageFailure failure) {
        if (failure.deferred()) {
          scope.deferred(failure, invocation);
          throw failure;
        }
        if (!failure.permanent() && !invocation.lastDelivery()) {
          scope.retried(failure, invocation);
          throw failure;
        }
        // Permanent, or transient on the last receive before the DLQ: the job ends now, so its client learns it
        // failed instead of waiting for the scanner.
        fail(message, status, failure, failure.errorCode(), scope, invocation);
        if (!failure.permanent()) throw failure; // kept in the DLQ for whoever investigates
        return false;
      } catch (RuntimeException e) {
        if (!invocation.lastDelivery()) {
          scope.retried(e, invocation);
          throw e;
        }
        // An error nobody typed (a bug, a database refusing a row) fails the same way on every receive: without
        // this the job would stay active while its message sits in the DLQ.
        fail(message, status, e, INTERNAL_ERROR, scope, invocation);
        throw e;
      }
    }
  }

  private void fail(JobMessage job, JobStatus status, RuntimeException error, String errorCode,
      FrameHook.JobScope scope, Invocation invocation) {
    scope.failing(error, errorCode);
    scope.failed(error, errorCode, jobs.fail(job.jobId(), status, errorCode), invocation);
  }
}
