package io.docpipe.shared.aws;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link Redelivery} over SQS: a visibility change on the received message, or a delayed copy of it. The queue URL
 * comes from the record's source ARN ({@code arn:aws:sqs:region:account:name}) through GetQueueUrl, once per queue.
 * Failures are logged and reported as false: the record then simply returns after its visibility timeout.
 */
public final class SqsRedelivery implements Redelivery {
  /** SQS's limits: a visibility timeout of at most 12 hours, a message delay of at most 15 minutes. */
  static final Duration MAX_VISIBILITY = Duration.ofHours(12);
  static final Duration MAX_DELAY = Duration.ofMinutes(15);
  private static final Logger LOG = LoggerFactory.getLogger(SqsRedelivery.class);

  private final Supplier<SqsClient> sqs;
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  public SqsRedelivery(SqsClient sqs) {
    this(() -> sqs);
  }

  /** Builds the client on the first record handed back, which a batch that succeeds never needs. */
  public SqsRedelivery(Supplier<SqsClient> sqs) {
    this.sqs = sqs;
  }

  @Override
  public boolean delay(SQSMessage record, Duration delay) {
    try {
      int seconds = seconds(delay, MAX_VISIBILITY);
      sqs.get().changeMessageVisibility(b -> b.queueUrl(queueUrl(record)).receiptHandle(record.getReceiptHandle())
          .visibilityTimeout(seconds));
      return true;
    } catch (RuntimeException e) {
      return failed(record, delay, e);
    }
  }

  @Override
  public boolean requeue(SQSMessage record, Duration delay) {
    try {
      int seconds = seconds(delay, MAX_DELAY);
      sqs.get().sendMessage(b -> b.queueUrl(queueUrl(record)).messageBody(record.getBody()).delaySeconds(seconds)
          .messageAttributes(attributes(record)));
      return true;
    } catch (RuntimeException e) {
      return failed(record, delay, e);
    }
  }

  private boolean failed(SQSMessage record, Duration delay, RuntimeException e) {
    EventLog.warn(LOG, LogEvent.REDELIVERY_FAILED).with(LogField.MESSAGE_ID, record.getMessageId())
        .with(LogField.DELAY_MS, delay.toMillis()).with(LogField.ERROR, e.toString())
        .log("record {} could not be handed back with a delay of {}: {}", record.getMessageId(), delay, e.toString());
    return false;
  }

  /** Whole seconds, rounded up so a Retry-After is never cut short, within SQS's bound. */
  static int seconds(Duration delay, Duration max) {
    long millis = Math.min(Math.max(0, delay.toMillis()), max.toMillis());
    return (int) ((millis + 999) / 1000);
  }

  private String queueUrl(SQSMessage record) {
    String arn = record.getEventSourceArn();
    if (arn == null) throw new IllegalArgumentException("record " + record.getMessageId() + " has no eventSourceARN");
    return urls.computeIfAbsent(arn, a -> {
      String[] parts = a.split(":");
      if (parts.length != 6 || !parts[2].equals("sqs")) throw new IllegalArgumentException("not an SQS queue ARN: " + a);
      return sqs.get().getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
    });
  }

  /** The record's message attributes as sent, trace context included, so the copy continues the job's trace. */
  static Map<String, MessageAttributeValue> attributes(SQSMessage record) {
    Map<String, MessageAttributeValue> out = new HashMap<>();
    if (record.getMessageAttributes() == null) return out;
    record.getMessageAttributes().forEach((name, value) -> {
      MessageAttributeValue converted = convert(value);
      if (converted != null) out.put(name, converted);
    });
    return out;
  }

  private static MessageAttributeValue convert(MessageAttribute value) {
    if (value == null || value.getDataType() == null) return null;
    MessageAttributeValue.Builder b = MessageAttributeValue.builder().dataType(value.getDataType());
    if (value.getStringValue() != null) return b.stringValue(value.getStringValue()).build();
    if (value.getBinaryValue() != null) return b.binaryValue(SdkBytes.fromByteBuffer(value.getBinaryValue().duplicate())).build();
    return null;
  }
}
