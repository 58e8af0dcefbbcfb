package io.docpipe.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FunctionEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@link SqsRedelivery} against ElasticMQ, with records shaped as Lambda delivers them (queue named by its ARN). */
class SqsRedeliveryTest {
  /**
   * The queue's visibility timeout: a received message comes back on its own only after an hour, so one that comes
   * back within {@link #WAIT} was handed back by the code under test.
   */
  private static final int VISIBILITY_SECONDS = 3_600;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final FunctionEnvironment env = FunctionEnvironment.forTest("redelivery", VISIBILITY_SECONDS);
  private final SqsClient sqs = env.clients().sqs();
  private final String queueUrl = env.localResources().queueUrls().get("embed");
  private final SqsRedelivery redelivery = new SqsRedelivery(sqs);

  @Test
  void delay_makesTheReceivedMessageVisibleAgainAfterTheDelay_asItsNextReceive() {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"part\":1}"));
    Message received = receiveOne();
    long start = System.nanoTime();

    assertThat(redelivery.delay(record(received), Duration.ofMillis(1500))).isTrue();

    Message again = receiveOne();
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("visible again after %d ms (delay 1.5 s, rounded up to 2 s; visibility timeout %d s)%n",
        waitedMillis, VISIBILITY_SECONDS);
    // Not before the delay asked for (the clock started before the call), and long before the visibility timeout.
    assertThat(waitedMillis).isGreaterThanOrEqualTo(1_500L);
    assertThat(again.messageId()).isEqualTo(received.messageId());
    assertThat(again.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
  }

  @Test
  void requeue_sendsADelayedCopyWithItsAttributes_whoseReceiveCountStartsOver() {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"part\":2}").messageAttributes(Map.of("traceparent",
        MessageAttributeValue.builder().dataType("String").stringValue("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build())));
    Message received = receiveOne();

    assertThat(redelivery.requeue(record(received), Duration.ofSeconds(1))).isTrue();
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(received.receiptHandle())); // what Lambda does with a success

    Message copy = receiveOne();
    assertThat(copy.messageId()).isNotEqualTo(received.messageId());
    assertThat(copy.body()).isEqualTo("{\"part\":2}");
    assertThat(copy.messageAttributes().get("traceparent").stringValue())
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(copy.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
  }

  @Test
  void unknownQueue_isReportedAsNotHandedBack() {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId("m");
    record.setReceiptHandle("r");
    record.setBody("{}");
    record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:no-such-queue");

    assertThat(redelivery.delay(record, Duration.ofSeconds(1))).isFalse();
    assertThat(redelivery.requeue(record, Duration.ofSeconds(1))).isFalse();
  }

  private Message receiveOne() {
    return Await.until("a message", WAIT, () -> sqs.receiveMessage(b -> b.queueUrl(queueUrl)
        .maxNumberOfMessages(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All"))
        .messages(), l -> l.size() == 1).get(0);
  }

  /** The record as Lambda's event source mapping hands it to the function. */
  private SQSEvent.SQSMessage record(Message m) {
    String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(m.messageId());
    record.setReceiptHandle(m.receiptHandle());
    record.setBody(m.body());
    record.setEventSourceArn(arn);
    Map<String, SQSEvent.MessageAttribute> attributes = new java.util.HashMap<>();
    m.messageAttributes().forEach((name, value) -> {
      SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
      a.setDataType(value.dataType());
      a.setStringValue(value.stringValue());
      attributes.put(name, a);
    });
    record.setMessageAttributes(attributes);
    return record;
  }
}
