package io.docpipe.shared;

import java.time.Instant;

/**
 * A job as the jobs table holds it. Values a job does not have yet are null.
 *
 * @param partsTotal embed parts the chunker sent; null until chunking finished
 * @param partsDone embed parts stored so far
 * @param requeues times the stuck-job scanner re-sent this job's message
 */
public record Job(
    String jobId,
    JobStatus status,
    String url,
    String corpusName,
    Integer chunkCount,
    JobStatus failedStage,
    String errorCode,
    Instant createdAt,
    Instant updatedAt,
    String traceId,
    Integer partsTotal,
    int partsDone,
    int requeues) {

  public static Job queued(String jobId, String url, String corpusName, Instant now, String traceId) {
    return new Job(jobId, JobStatus.QUEUED, url, corpusName, null, null, null, now, now, traceId, null, 0, 0);
  }
}
