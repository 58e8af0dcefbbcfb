package io.docpipe.shared;

/** How many messages wait in a queue (SQS: ApproximateNumberOfMessages), for the queue and DLQ depth gauges. */
public interface QueueDepths {
  long depth(String queueUrl);

  /** The queue's name: the last segment of its URL ({@code https://sqs.../123456789012/docpipe-scrape}). */
  static String nameOf(String queueUrl) {
    String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
