package io.docpipe.shared.aws;

import io.docpipe.shared.Outbox;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.telemetry.SqsTracing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@link QueueSender} over SQS; attributes become String message attributes, and every message also carries the
 * sender's trace context ({@code traceparent}), so the next stage continues the job's trace. Inside an SQS record the
 * message waits in the invocation's {@link Outbox} and leaves with the others in {@code SendMessageBatch} calls at the
 * invocation's end; elsewhere it is sent at once.
 */
public final class SqsQueueSender implements QueueSender, Outbox.BatchSender {
  /** Below SQS's 256 KiB for a whole batch, leaving room for attributes. */
  private static final int MAX_BATCH_BODY_BYTES = 200 * 1024;

  private final Supplier<SqsClient> sqs;

  public SqsQueueSender(SqsClient sqs) {
    this(() -> sqs);
  }

  /** Builds the client on the first send: an api GET, say, never sends and so never pays for the SQS client. */
  public SqsQueueSender(Supplier<SqsClient> sqs) {
    this.sqs = sqs;
  }

  @Override
  public void send(String queueUrl, String body, Map<String, String> attributes) {
    Map<String, String> withTrace = SqsTracing.withCurrentContext(attributes);
    Outbox.Slot slot = Outbox.slot();
    if (slot != null) {
      slot.add(this, queueUrl, new Outbox.Message(body, withTrace));
    } else {
      sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(sqsAttributes(withTrace)));
    }
  }

  @Override
  public Set<Integer> sendBatch(String queueUrl, List<Outbox.Message> messages) {
    Set<Integer> failed = new HashSet<>();
    int from = 0;
    while (from < messages.size()) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      int bytes = 0;
      int to = from;
      while (to < messages.size() && (entries.isEmpty()
          || bytes + messages.get(to).body().getBytes(StandardCharsets.UTF_8).length <= MAX_BATCH_BODY_BYTES)) {
        Outbox.Message m = messages.get(to);
        bytes += m.body().getBytes(StandardCharsets.UTF_8).length;
        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(to)).messageBody(m.body())
            .messageAttributes(sqsAttributes(m.attributes())).build());
        to++;
      }
      try {
        for (BatchResultErrorEntry error : sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed()) {
          failed.add(Integer.parseInt(error.id()));
        }
      } catch (RuntimeException e) {
        for (int i = from; i < to; i++) failed.add(i);
      }
      from = to;
    }
    return failed;
  }

  private static Map<String, MessageAttributeValue> sqsAttributes(Map<String, String> attributes) {
    Map<String, MessageAttributeValue> attrs = new HashMap<>();
    attributes.forEach((k, v) -> attrs.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
    return attrs;
  }
}
