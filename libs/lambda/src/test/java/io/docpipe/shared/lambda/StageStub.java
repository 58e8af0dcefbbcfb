package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.JobMessage;
import java.util.function.Function;

/**
 * A stage for tests of the job frame, for this module's and the modules above it (through the test jar): its message
 * names a job and nothing else, and the work it runs is chosen by the job's id.
 */
public final class StageStub implements JobStage<StageStub.Message> {
  private final JobStatus stage;
  private final Function<String, Runnable> workByJobId;

  /** The stub's message. */
  public record Message(String jobId, String url, String corpusName) implements JobMessage {}

  public StageStub(JobStatus stage, Function<String, Runnable> workByJobId) {
    this.stage = stage;
    this.workByJobId = workByJobId;
  }

  /** Every job runs {@code work}. */
  public static StageStub of(JobStatus stage, Runnable work) {
    return new StageStub(stage, jobId -> work);
  }

  /** {@code record} (as {@link FrameEvents#record} makes it) carrying the message for the job. */
  public static SQSEvent.SQSMessage carrying(SQSEvent.SQSMessage record, String jobId, String url, String corpusName) {
    record.setBody(Json.write(new Message(jobId, url, corpusName)));
    return record;
  }

  @Override
  public JobStatus stage() {
    return stage;
  }

  @Override
  public Class<Message> messageType() {
    return Message.class;
  }

  @Override
  public void process(Message message, Invocation invocation) {
    workByJobId.apply(message.jobId()).run();
  }
}
