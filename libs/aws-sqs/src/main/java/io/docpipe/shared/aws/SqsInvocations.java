package io.docpipe.shared.aws;

import io.docpipe.shared.Env;
import io.docpipe.shared.RedeliveryBackoff;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.Telemetry;

/** The invocation frame of an SQS-triggered stage: records are handed back through SQS itself. */
public final class SqsInvocations {
  private SqsInvocations() {}

  /**
   * QUEUE_MAX_RECEIVE_COUNT must equal the queue's redrive maxReceiveCount (template.yaml sets both from one
   * parameter); QUEUE_RETRY_BASE_SECONDS and QUEUE_RETRY_MAX_SECONDS shape the backoff of a failed record.
   */
  public static Invocations create(Telemetry telemetry, Env env, AwsClients aws) {
    return new Invocations(telemetry, new SqsRedelivery(aws::sqs),
        env.intValue("QUEUE_MAX_RECEIVE_COUNT", Invocations.DEFAULT_MAX_RECEIVE_COUNT, 1, 1000),
        RedeliveryBackoff.fromEnv(env));
  }
}
