package io.docpipe.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Samples each stage queue's depth (visible plus in flight) every two seconds while ingestion runs: the stage behind
 * a full queue is the bottleneck, the stages behind empty ones wait for it.
 */
final class QueueSampler implements AutoCloseable {
  private final SqsClient sqs;
  private final Map<String, String> queues;
  private final Map<String, long[]> sums = new LinkedHashMap<>(); // sum, max, samples
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("eval-queue-sampler").daemon().factory());

  QueueSampler(SqsClient sqs, Map<String, String> queues) {
    this.sqs = sqs;
    this.queues = queues;
    queues.keySet().forEach(q -> sums.put(q, new long[3]));
    timer.scheduleAtFixedRate(this::sample, 0, 2, TimeUnit.SECONDS);
  }

  private void sample() {
    queues.forEach((name, url) -> {
      try {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
        long depth = Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        synchronized (sums) {
          long[] s = sums.get(name);
          s[0] += depth;
          s[1] = Math.max(s[1], depth);
          s[2]++;
        }
      } catch (RuntimeException e) {
        // a missed sample is no loss
      }
    });
  }

  /** Mean and largest depth of each queue over the samples so far. */
  Map<String, Map<String, Double>> depths() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    synchronized (sums) {
      sums.forEach((q, s) -> out.put(q, Map.of("mean", s[2] == 0 ? 0 : Evaluation.round((double) s[0] / s[2]),
          "max", (double) s[1])));
    }
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
