package io.docpipe.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The records of one SQS invocation send to the next stage through {@link SqsQueueSender}, against ElasticMQ: their
 * messages leave together at the invocation's end, only for the records that succeeded, and a record whose messages
 * could not leave is reported failed so that it comes back.
 */
class SqsOutboxTest {
  private final FunctionEnvironment env = FunctionEnvironment.forTest("outbox", 3_600);
  private final SqsClient sqs = env.clients().sqs();
  private final String next = env.localResources().queueUrls().get("chunk");
  private final SqsQueueSender sender = new SqsQueueSender(sqs);
  private final Invocations invocations = new Invocations(Telemetry.noop("scraper"));

  /** A record, so the JSON's field order is fixed (a Map.of's is not). */
  record Note(String from, int n) {}

  @Test
  void messagesOfSucceededRecords_leaveAtTheEnd_thoseOfAFailedRecordNever() {
    List<Integer> sentDuringTheBatch = new ArrayList<>();
    SQSBatchResponse response = invocations.invokeSqs(event("a", "b", "c"), null, (record, invocation) -> {
      sentDuringTheBatch.add(visible(next));
      switch (record.getMessageId()) {
        case "a" -> {
          sender.send(next, new Note("a", 1));
          sender.send(next, new Note("a", 2));
        }
        case "b" -> {
          sender.send(next, new Note("b", 1));
          throw new IllegalStateException("b fails after sending");
        }
        default -> sender.send(next, new Note("c", 1));
      }
    });

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("b");
    assertThat(sentDuringTheBatch).as("nothing left while the records were processed").containsOnly(0);
    assertThat(receiveAll(next, 3)).extracting(Message::body)
        .containsExactlyInAnyOrder("{\"from\":\"a\",\"n\":1}", "{\"from\":\"a\",\"n\":2}", "{\"from\":\"c\",\"n\":1}");
  }

  @Test
  void aRecordWhoseMessagesCannotLeave_isReportedFailed_andTheOthersStillSend() {
    String missing = next + "-no-such-queue";

    SQSBatchResponse response = invocations.invokeSqs(event("ok", "lost"), null,
        (record, invocation) -> sender.send(record.getMessageId().equals("ok") ? next : missing, Map.of("id", record.getMessageId())));

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("lost");
    assertThat(receiveAll(next, 1)).extracting(Message::body).containsExactly("{\"id\":\"ok\"}");
  }

  @Test
  void outsideARecord_aMessageLeavesAtOnce() {
    sender.send(next, Map.of("at", "once"));

    assertThat(visible(next)).isEqualTo(1);
  }

  @Test
  void twentyFiveMessages_leaveInBatchesOfTen_allOfThem() {
    SQSBatchResponse response = invocations.invokeSqs(event("many"), null, (record, invocation) -> {
      for (int i = 0; i < 25; i++) sender.send(next, Map.of("i", i));
    });

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(receiveAll(next, 25)).hasSize(25);
  }

  private int visible(String queueUrl) {
    return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
  }

  private List<Message> receiveAll(String queueUrl, int expected) {
    List<Message> all = new ArrayList<>();
    for (int polls = 0; polls < 60 && all.size() < expected; polls++) {
      all.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
    }
    return all;
  }

  private static SQSEvent event(String... ids) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String id : ids) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(id);
      m.setBody("{}");
      m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:outbox-test");
      m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }
}
