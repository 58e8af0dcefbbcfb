package io.docpipe.local.stack.redrive;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Finds a queue by name, URL or ARN, and the queues that send their dead letters to it. */
final class QueueResolver {
  private static final Pattern DLQ_TARGET = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"");
  private static final List<QueueAttributeName> ATTRIBUTES = List.of(QueueAttributeName.QUEUE_ARN,
      QueueAttributeName.REDRIVE_POLICY, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

  /**
   * One queue as GetQueueAttributes saw it.
   *
   * @param deadLetterTarget the ARN its own redrive policy sends dead letters to, or null
   */
  record Queue(String name, String url, String arn, String deadLetterTarget, long waiting, long inFlight,
      long delayed) {
    long messages() {
      return waiting + inFlight + delayed;
    }
  }

  private final SqsClient sqs;
  private final String where;

  QueueResolver(SqsClient sqs, String where) {
    this.sqs = sqs;
    this.where = where;
  }

  Queue resolve(String ref) {
    try {
      String url = ref.startsWith("http://") || ref.startsWith("https://") ? ref
          : sqs.getQueueUrl(b -> b.queueName(nameOf(ref))).queueUrl();
      Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(ATTRIBUTES))
          .attributes();
      return new Queue(nameOf(url), url, a.get(QueueAttributeName.QUEUE_ARN), deadLetterTarget(a),
          count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
          count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
          count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    } catch (QueueDoesNotExistException e) {
      throw new RedriveException("no queue named \"" + nameOf(ref) + "\" in " + where + knownDeadLetterQueues());
    }
  }

  /** URLs of the queues whose redrive policy points at {@code dlq}; empty when it is no one's DLQ. */
  List<String> sourcesOf(Queue dlq) {
    return sqs.listDeadLetterSourceQueuesPaginator(b -> b.queueUrl(dlq.url())).queueUrls().stream().toList();
  }

  /** The last segment of a URL or an ARN, or the name itself. */
  static String nameOf(String ref) {
    int cut = Math.max(ref.lastIndexOf('/'), ref.startsWith("arn:") ? ref.lastIndexOf(':') : -1);
    return ref.substring(cut + 1);
  }

  /** A hint for a mistyped name: the queues named like a DLQ, if listing them is allowed. */
  private String knownDeadLetterQueues() {
    try {
      List<String> dlqs = sqs.listQueues().queueUrls().stream().map(QueueResolver::nameOf)
          .filter(name -> name.endsWith("-dlq")).sorted().limit(20).toList();
      return dlqs.isEmpty() ? "" : "; dead-letter queues there: " + String.join(", ", dlqs);
    } catch (SdkException e) {
      return "";
    }
  }

  private static String deadLetterTarget(Map<QueueAttributeName, String> attributes) {
    String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
    if (policy == null) return null;
    Matcher m = DLQ_TARGET.matcher(policy);
    return m.find() ? m.group(1) : null;
  }

  private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
    String value = attributes.get(name);
    return value == null ? 0 : Long.parseLong(value);
  }
}
