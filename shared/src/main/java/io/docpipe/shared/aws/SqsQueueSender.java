package io.docpipe.shared.aws;

import io.docpipe.shared.QueueSender;
import io.docpipe.shared.telemetry.SqsTracing;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link QueueSender} over SQS; attributes become String message attributes, and every message also carries the
 * sender's trace context ({@code traceparent}), so the next stage continues the job's trace.
 */
public final class SqsQueueSender implements QueueSender {
  private final SqsClient sqs;

  public SqsQueueSender(SqsClient sqs) {
    this.sqs = sqs;
  }

  @Override
  public void send(String queueUrl, String body, Map<String, String> attributes) {
    Map<String, MessageAttributeValue> attrs = new HashMap<>();
    SqsTracing.withCurrentContext(attributes)
        .forEach((k, v) -> attrs.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(attrs));
  }
}
