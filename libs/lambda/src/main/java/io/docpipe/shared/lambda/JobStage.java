package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;

/**
 * One pipeline stage as the SQS frame runs it, a record at a time: the frame parses the record, takes the job over
 * for {@link #stage()} (or drops a stale message), runs {@link #process} in the stage's span, and applies the
 * failure policy of {@link JobFrame} to whatever it throws. A stage only does its work and throws
 * {@link io.docpipe.shared.StageFailure}s that say how it failed.
 *
 * @param <M> the stage's message record
 */
public interface JobStage<M> {

  /** The status a job waits in for this stage (SCRAPING, CHUNKING, EMBEDDING). */
  JobStatus stage();

  /** The record's message; throwing returns the record to its queue without touching any job. */
  M parse(SQSEvent.SQSMessage record);

  /** Which job the message carries. */
  JobRef job(M message);

  /** The stage's work for one message, given the invocation's deadline and the record's receive count. */
  void process(M message, Invocation invocation);

  /** The job a message carries, as its spans and log lines name it. */
  record JobRef(String id, String url, String corpusName) {}
}
