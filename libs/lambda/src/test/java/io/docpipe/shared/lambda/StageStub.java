package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import java.util.function.Function;

/**
 * A stage for tests of the job frame, for this module's and the modules above it (through the test jar): a record's
 * message is its message id, which names the record's job and its work; a record with no work does not parse.
 */
public final class StageStub implements JobStage<String> {
  private final JobStatus stage;
  private final Function<String, JobRef> jobOf;
  private final Function<String, Runnable> workOf;

  public StageStub(JobStatus stage, Function<String, JobRef> jobOf, Function<String, Runnable> workOf) {
    this.stage = stage;
    this.jobOf = jobOf;
    this.workOf = workOf;
  }

  /** Every record carries the one job and runs {@code work}. */
  public static StageStub of(JobStatus stage, String jobId, String url, String corpusName, Runnable work) {
    JobRef job = new JobRef(jobId, url, corpusName);
    return new StageStub(stage, id -> job, id -> work);
  }

  @Override
  public JobStatus stage() {
    return stage;
  }

  @Override
  public String parse(SQSEvent.SQSMessage record) {
    if (workOf.apply(record.getMessageId()) == null) throw new IllegalArgumentException("not JSON");
    return record.getMessageId();
  }

  @Override
  public JobRef job(String message) {
    return jobOf.apply(message);
  }

  @Override
  public void process(String message, Invocation invocation) {
    workOf.apply(message).run();
  }
}
