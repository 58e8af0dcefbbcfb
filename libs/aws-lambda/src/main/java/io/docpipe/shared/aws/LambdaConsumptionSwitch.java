package io.docpipe.shared.aws;

import io.docpipe.shared.ConsumptionSwitch;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link ConsumptionSwitch} over the Lambda API: every event source mapping reading the queue is enabled or disabled.
 * The mappings are found by the queue's ARN, not by an id in the environment, because a function cannot name its own
 * mapping in template.yaml without a circular reference. The local stack serves the same API for its pollers.
 * Failures are logged and reported as "nothing changed"; the scheduled scanner reconciles on its next run.
 */
public final class LambdaConsumptionSwitch implements ConsumptionSwitch {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaConsumptionSwitch.class);

  private final Supplier<LambdaClient> lambda;
  private final Supplier<String> queueArn;

  public LambdaConsumptionSwitch(LambdaClient lambda, SqsClient sqs, String queueUrl) {
    this(() -> lambda, () -> sqs, queueUrl);
  }

  /**
   * Builds the clients when the switch is first thrown: the embedder's circuit rarely opens, and the Lambda client
   * is a few hundred classes its cold start would otherwise load for nothing.
   */
  public LambdaConsumptionSwitch(Supplier<LambdaClient> lambda, Supplier<SqsClient> sqs, String queueUrl) {
    this.lambda = lambda;
    this.queueArn = AwsClients.memoize(() -> sqs.get().getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
  }

  @Override
  public boolean pause() {
    return set(false);
  }

  @Override
  public boolean resume() {
    return set(true);
  }

  private boolean set(boolean enabled) {
    String arn = null;
    try {
      arn = queueArn.get();
      String source = arn;
      List<EventSourceMappingConfiguration> mappings = lambda.get().listEventSourceMappingsPaginator(b -> b.eventSourceArn(source))
          .eventSourceMappings().stream().toList();
      boolean changed = false;
      for (EventSourceMappingConfiguration mapping : mappings) {
        if (isEnabled(mapping.state()) == enabled) continue;
        lambda.get().updateEventSourceMapping(b -> b.uuid(mapping.uuid()).enabled(enabled));
        changed = true;
      }
      if (changed) {
        EventLog.warn(LOG, enabled ? LogEvent.CONSUMPTION_RESUMED : LogEvent.CONSUMPTION_PAUSED).with(LogField.QUEUE, name(arn))
            .log("consumption of {} {}", name(arn), enabled ? "resumed" : "paused");
      }
      return changed;
    } catch (RuntimeException e) {
      EventLog.error(LOG, LogEvent.CONSUMPTION_SWITCH_FAILED).with(LogField.QUEUE, arn == null ? null : name(arn))
          .with(LogField.ERROR, e.toString())
          .log("could not {} consumption of {}: {}", enabled ? "resume" : "pause", arn, e.toString());
      return false;
    }
  }

  /** Enabling and Updating count as on, Disabling as off: the switch only needs to be asked once. */
  private static boolean isEnabled(String state) {
    return state == null || !(state.equals("Disabled") || state.equals("Disabling"));
  }

  private static String name(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1);
  }
}
