package io.docpipe.eval;

import io.docpipe.shared.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the soak watches every few seconds while it runs. The queue age: for each active status, the oldest
 * {@code updated_at} on the jobs table's sparse {@code active-jobs} index (one query of one item each), i.e. the longest
 * any job has waited without progress, which is what the stuck-job scanner compares with {@code STUCK_AFTER_MINUTES}.
 * (SQS keeps a message's age to itself unless it is received, and receiving would use up a receive of the pipeline's
 * messages.) And the shared circuit breaker's state from the stack's metrics, to show the outage opened it.
 */
final class SoakSampler implements AutoCloseable {
  static final List<JobStatus> ACTIVE = List.of(JobStatus.QUEUED, JobStatus.SCRAPING, JobStatus.CHUNKING,
      JobStatus.EMBEDDING);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Supplier<String> metrics;
  private final Clock clock;
  private final Map<String, Double> maxAgeSeconds = new LinkedHashMap<>();
  private double maxBreakerState;
  private int samples;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("soak-sampler").daemon().factory());

  SoakSampler(DynamoDbClient dynamo, String table, Supplier<String> metrics, Clock clock, Duration every) {
    this.dynamo = dynamo;
    this.table = table;
    this.metrics = metrics;
    this.clock = clock;
    ACTIVE.forEach(s -> maxAgeSeconds.put(s.wire(), 0.0));
    timer.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    Instant now = clock.instant();
    for (JobStatus status : ACTIVE) {
      try {
        List<Map<String, AttributeValue>> oldest = dynamo.query(b -> b.tableName(table).indexName("active-jobs")
            .keyConditionExpression("active_status = :s").expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status.wire())))
            .scanIndexForward(true).limit(1)).items();
        if (oldest.isEmpty() || oldest.getFirst().get("updated_at") == null) continue;
        double age = Duration.between(Instant.parse(oldest.getFirst().get("updated_at").s()), now).toMillis() / 1000.0;
        synchronized (maxAgeSeconds) {
          maxAgeSeconds.merge(status.wire(), age, Math::max);
        }
      } catch (RuntimeException e) {
        // a missed sample (or an unparsable time) is no loss
      }
    }
    try {
      double breaker = PrometheusText.values(metrics.get(), "embedding_circuit_breaker_state").stream()
          .mapToDouble(Double::doubleValue).max().orElse(0);
      synchronized (maxAgeSeconds) {
        maxBreakerState = Math.max(maxBreakerState, breaker);
        samples++;
      }
    } catch (RuntimeException e) {
      // as above
    }
  }

  /** The largest wait without progress seen, by active status, in seconds. */
  Map<String, Double> maxAgeSeconds() {
    synchronized (maxAgeSeconds) {
      Map<String, Double> out = new LinkedHashMap<>();
      maxAgeSeconds.forEach((s, v) -> out.put(s, Evaluation.round(v)));
      return out;
    }
  }

  double maxAgeOverall() {
    return maxAgeSeconds().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  /** Whether the breaker was ever seen open or half-open (gauge 1 or 2). */
  boolean breakerOpened() {
    synchronized (maxAgeSeconds) {
      return maxBreakerState >= 1;
    }
  }

  int samples() {
    synchronized (maxAgeSeconds) {
      return samples;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
