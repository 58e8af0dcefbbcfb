package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Messages.JobMessage;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.StageFailure;
import java.util.List;

/**
 * What the frames tell telemetry, and all they tell it: the frames decide (deadline, record loop, partial failures,
 * redelivery, the outbox, the job's takeover and failure policy) and report each step here, so the frame's control
 * flow reads without a span in it and telemetry hooks onto the frame instead of hosting it. Each scope is current
 * (its span, its log fields) from the call that opens it until its {@code close}. An implementation never throws
 * into the frame; {@link TelemetryHook} is the one in terms of {@code Telemetry}.
 */
interface FrameHook {

  /** The invocation begins; its scope is current until closed. */
  InvocationScope begin(Start start, Context lambda);

  /** Last, in {@code finally}, after the invocation's scope closed: what it recorded leaves within the budget. */
  void flush(long budgetMillis);

  /** What started the invocation, as far as its telemetry needs to know. */
  sealed interface Start {}

  /** An SQS batch from {@code queue}. */
  record SqsStart(String queue, List<SQSEvent.SQSMessage> records) implements Start {}

  /** An API Gateway request; {@code route} is null when no route matched. */
  record HttpStart(APIGatewayV2HTTPEvent event, String method, String route, String requestId) implements Start {}

  /** A schedule or any other trigger; {@code trigger} is faas.trigger. */
  record OtherStart(String name, String trigger) implements Start {}

  /** One invocation, open. */
  interface InvocationScope extends AutoCloseable {
    /** One SQS record, under its producer's trace context, its messages to the next stage held in {@code outbox}. */
    RecordScope record(SQSEvent.SQSMessage record, String queue, Outbox outbox);

    /** The record goes back to its queue because its messages to the next stage could not be sent. */
    void unsent(String messageId, String queue);

    /** The HTTP response's status (500 when the work threw). */
    void responded(int status);

    /** The invocation threw {@code error}, which the frame rethrows. */
    void failed(Throwable error);

    @Override
    void close();
  }

  /** One SQS record, open. */
  interface RecordScope extends AutoCloseable {
    /** The record was deferred and a fresh copy of it waits in the queue; this one counts as done. */
    void requeued(StageFailure deferred);

    /** The record goes back to its queue. */
    void failed(Exception error);

    /** The record carries {@code job} for {@code stage}; the job's scope is current until closed. */
    JobScope job(JobMessage job, JobStatus stage);

    @Override
    void close();
  }

  /** One job's turn in a stage, open. */
  interface JobScope extends AutoCloseable {
    /** The job was not waiting for this stage; the message is dropped. */
    void dropped();

    /** The work ended well; it started at {@code startNanos}. */
    void succeeded(long startNanos);

    /** The work is deferred (the record is redelivered; the job stays active). */
    void deferred(StageFailure failure, Invocation invocation);

    /** The attempt failed and the record goes back to its queue; the job stays active. */
    void retried(RuntimeException error, Invocation invocation);

    /** The job is about to be failed with {@code errorCode}. */
    void failing(RuntimeException error, String errorCode);

    /** The job was failed with {@code errorCode}; {@code ended} when this call ended it (and so counts it). */
    void failed(RuntimeException error, String errorCode, boolean ended, Invocation invocation);

    @Override
    void close();
  }
}
