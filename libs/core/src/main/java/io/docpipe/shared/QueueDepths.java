package io.docpipe.shared;

/** How many messages a queue holds, from the queue's own (approximate) counts. */
public interface QueueDepths {
  /** Messages waiting to be received (SQS: ApproximateNumberOfMessages), for the queue and DLQ depth gauges. */
  long depth(String queueUrl);

  /**
   * Every message the queue still holds: waiting, received but not yet deleted (in flight), or delayed (SQS: the sum
   * of ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible and ApproximateNumberOfMessagesDelayed).
   * Zero means no message of any job is on its way through this queue.
   */
  long held(String queueUrl);

  /** The queue's name: the last segment of its URL ({@code https://sqs.../123456789012/docpipe-scrape}). */
  static String nameOf(String queueUrl) {
    String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
