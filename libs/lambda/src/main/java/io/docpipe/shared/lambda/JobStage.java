package io.docpipe.shared.lambda;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Messages.JobMessage;

/**
 * One pipeline stage as the SQS frame runs it, a record at a time: the frame reads the record's body as the stage's
 * message, takes the message's job over for {@link #stage()} (or drops a stale message), runs {@link #process} in the
 * stage's span, and applies the failure policy of {@link JobFrame} to whatever it throws. A stage only does its work
 * and throws {@link io.docpipe.shared.StageFailure}s that say how it failed. A body that is not the message returns
 * the record to its queue without touching any job.
 *
 * @param <M> the stage's message record
 */
public interface JobStage<M extends JobMessage> {

  /** The status a job waits in for this stage (SCRAPING, CHUNKING, EMBEDDING). */
  JobStatus stage();

  /** The record the stage's messages are read as (JSON). */
  Class<M> messageType();

  /** The stage's work for one message, given the invocation's deadline and the record's receive count. */
  void process(M message, Invocation invocation);
}
