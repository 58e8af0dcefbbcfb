package io.docpipe.shared;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The jobs table. Every transition is conditional on the status the caller expects, so a redelivered or late
 * message can never move a job backwards or revive a finished one.
 */
public interface JobStore {

  /** What a stage should do with a message for a job. */
  enum Takeover {
    /** The job moved into the stage now: do the work. */
    STARTED,
    /** The job was already in the stage (a redelivery or a requeue): do the work again, idempotently. */
    RESUMED,
    /** The job is past this stage, ended, or unknown: drop the message. */
    SKIP
  }

  /** Progress of the embed fan-in after one part was stored. */
  record PartProgress(boolean counted, int partsDone, Integer partsTotal) {
    public boolean complete() {
      return counted && partsTotal != null && partsDone >= partsTotal;
    }
  }

  void create(Job job);

  Optional<Job> find(String jobId);

  /** Moves the job from {@code stage.previous()} into {@code stage}, or confirms it is already there. */
  Takeover begin(String jobId, JobStatus stage);

  /** Records how many embed parts and chunks the chunker produced; the job must be in {@code chunking}. */
  boolean expectParts(String jobId, int partsTotal, int chunkCount);

  /** Counts part {@code partIndex} as stored, once however often it is delivered. */
  PartProgress partDone(String jobId, int partIndex);

  /** {@code embedding -> done}, copying the expected chunk count into {@code chunk_count}. */
  boolean complete(String jobId);

  /** Ends an active job as failed; false when it had already ended. */
  boolean fail(String jobId, JobStatus failedStage, String errorCode);

  /** Active jobs not updated since {@code updatedBefore}, oldest first, through the sparse index of active jobs. */
  List<Job> findStale(Instant updatedBefore, int limit);

  /**
   * Counts one requeue and touches {@code updated_at}, only if the job is still in {@code status} and still stale,
   * so two scanners running at once requeue it once.
   */
  boolean recordRequeue(String jobId, JobStatus status, Instant updatedBefore);
}
