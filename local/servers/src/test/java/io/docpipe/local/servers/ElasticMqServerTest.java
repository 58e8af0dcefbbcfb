package io.docpipe.local.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class ElasticMqServerTest {
  private static ElasticMqServer server;
  private static SqsClient sqs;

  @BeforeAll
  static void startServer() {
    server = Timed.start("ElasticMQ", () -> ElasticMqServer.start(0));
    sqs = SdkClients.sqs(server.endpoint());
  }

  @AfterAll
  static void stopServer() {
    sqs.close();
    server.close();
  }

  @Test
  void sendMessage_thenReceive_returnsTheBody() {
    // Arrange
    String queueUrl = sqs.createQueue(b -> b.queueName("smoke")).queueUrl();

    // Act
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"job_id\":\"j1\"}"));
    List<Message> received = receiveWithin(queueUrl, Duration.ofSeconds(60));

    // Assert
    assertThat(received).extracting(Message::body).containsExactly("{\"job_id\":\"j1\"}");
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
  }

  @Test
  void createQueue_onAPickedPort_returnsAUrlWithThatPort() {
    String queueUrl = sqs.createQueue(b -> b.queueName("port-check")).queueUrl();

    assertThat(queueUrl).startsWith("http://").contains(":" + server.endpoint().getPort() + "/").endsWith("/port-check");
  }

  private static List<Message> receiveWithin(String queueUrl, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
      if (!messages.isEmpty()) return messages;
    }
    return List.of();
  }
}
