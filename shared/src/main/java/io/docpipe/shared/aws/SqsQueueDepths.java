package io.docpipe.shared.aws;

import io.docpipe.shared.QueueDepths;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@link QueueDepths} from SQS GetQueueAttributes. */
public final class SqsQueueDepths implements QueueDepths {
  private final SqsClient sqs;

  public SqsQueueDepths(SqsClient sqs) {
    this.sqs = sqs;
  }

  @Override
  public long depth(String queueUrl) {
    String value = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    return value == null ? 0 : Long.parseLong(value);
  }
}
