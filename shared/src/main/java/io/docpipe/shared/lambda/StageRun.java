package io.docpipe.shared.lambda;

import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.StageFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame every stage runs a job's message in: take the job over (or drop a stale message), do the work, and end
 * the job at once on a permanent failure instead of letting the message cycle to the DLQ. Transient failures
 * propagate so the record goes back to its queue.
 */
public final class StageRun {
  private static final Logger LOG = LoggerFactory.getLogger(StageRun.class);

  @FunctionalInterface
  public interface Work {
    void run();
  }

  private StageRun() {}

  /** Returns false when the message was dropped (job past this stage, ended, or unknown) or the job failed. */
  public static boolean run(JobStore jobs, JobStatus stage, String jobId, Work work) {
    JobStore.Takeover takeover = jobs.begin(jobId, stage);
    if (takeover == JobStore.Takeover.SKIP) {
      LOG.info("job {} is not waiting for {}; message dropped", jobId, stage.wire());
      return false;
    }
    try {
      work.run();
      return true;
    } catch (StageFailure failure) {
      if (!failure.permanent()) throw failure;
      jobs.fail(jobId, stage, failure.errorCode());
      LOG.warn("job {} failed in {}: {} ({})", jobId, stage.wire(), failure.errorCode(), failure.getMessage());
      return false;
    }
  }
}
