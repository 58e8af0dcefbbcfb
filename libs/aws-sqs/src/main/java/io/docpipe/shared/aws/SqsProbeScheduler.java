package io.docpipe.shared.aws;

import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ProbeMessage;
import io.docpipe.shared.ProbeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link ProbeScheduler} as a delayed message on the probe queue, whose consumer is the probe. SQS delays a message at
 * most 15 minutes; a longer open period is waited out by the consumer sending the message on again.
 */
public final class SqsProbeScheduler implements ProbeScheduler {
  /** SQS's largest DelaySeconds. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(900);

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  public SqsProbeScheduler(SqsClient sqs, String queueUrl) {
    this(() -> sqs, queueUrl);
  }

  /** Builds the client when a probe is first scheduled, which only an opening circuit does. */
  public SqsProbeScheduler(Supplier<SqsClient> sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** The probe queue at {@code queueUrl}, or {@link ProbeScheduler#NONE} when there is none. */
  public static ProbeScheduler of(AwsClients aws, String queueUrl) {
    return queueUrl == null ? ProbeScheduler.NONE : new SqsProbeScheduler(aws::sqs, queueUrl);
  }

  @Override
  public void schedule(Instant since, Duration delay) {
    sqs.get().sendMessage(b -> b.queueUrl(queueUrl).delaySeconds(delaySeconds(delay))
        .messageBody(Json.write(new ProbeMessage(since.truncatedTo(ChronoUnit.MILLIS).toString()))));
  }

  /** Whole seconds rounded up, so the probe never arrives before it is due; at most SQS's 15 minutes. */
  static int delaySeconds(Duration delay) {
    if (delay.isNegative()) return 0;
    long seconds = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
    return (int) Math.min(seconds, MAX_DELAY.toSeconds());
  }
}
