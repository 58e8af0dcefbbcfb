package io.docpipe.shared.lambda;

import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A job store that knows nothing but what the job frame asks of it: take every job over (or none), record failures. */
public final class FakeJobStore implements JobStore {
  final List<String> failed = new ArrayList<>();
  boolean skip;

  @Override
  public Takeover begin(String jobId, JobStatus stage) {
    return skip ? Takeover.SKIP : Takeover.STARTED;
  }

  /** Ends the job the first time only, as the real store's conditional update does. */
  @Override
  public boolean fail(String jobId, JobStatus failedStage, String errorCode) {
    failed.add(jobId + ":" + failedStage.wire() + ":" + errorCode);
    return failed.stream().filter(f -> f.startsWith(jobId + ":")).count() == 1;
  }

  @Override public void create(Job job) {}
  @Override public Optional<Job> find(String jobId) { return Optional.empty(); }
  @Override public boolean expectParts(String jobId, int partsTotal, int chunkCount) { return true; }
  @Override public PartProgress partDone(String jobId, int partIndex) { return new PartProgress(true, 1, 1); }
  @Override public boolean complete(String jobId) { return true; }
  @Override public List<Job> findStale(Instant updatedBefore, int limit) { return List.of(); }
  @Override public boolean recordRequeue(String jobId, JobStatus status, Instant updatedBefore) { return true; }
}
