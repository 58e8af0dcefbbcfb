package io.docpipe.shared.aws;

import io.docpipe.shared.QueueDepths;
import java.util.List;
import java.util.Map;
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

  @Override
  public long held(String queueUrl) {
    List<QueueAttributeName> names = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    Map<QueueAttributeName, String> values = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(names)).attributes();
    return names.stream().map(values::get).filter(v -> v != null).mapToLong(Long::parseLong).sum();
  }
}
