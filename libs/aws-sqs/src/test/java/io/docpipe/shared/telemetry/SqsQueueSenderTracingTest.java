package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.aws.SqsQueueSender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** SqsQueueSender puts the sender's trace context on every message (SqsTracingTest covers the reading side). */
class SqsQueueSenderTracingTest {
  private final TestTelemetry t = new TestTelemetry("test");

  @Test
  void sqsQueueSender_everySend_carriesTheCurrentTraceparent() {
    List<SendMessageRequest> sent = new java.util.ArrayList<>();
    SqsClient sqs = new SqsClient() {
      @Override
      public SendMessageResponse sendMessage(SendMessageRequest request) {
        sent.add(request);
        return SendMessageResponse.builder().messageId("m").build();
      }

      @Override
      public String serviceName() {
        return "sqs";
      }

      @Override
      public void close() {}
    };
    Span span = t.telemetry.tracer().spanBuilder("api").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      new SqsQueueSender(sqs).send("https://sqs/q", Map.of("job_id", "j1"));
    } finally {
      span.end();
    }

    assertThat(sent).singleElement().satisfies(r -> {
      assertThat(r.messageAttributes().get("traceparent").stringValue()).contains(span.getSpanContext().getSpanId());
      assertThat(r.messageAttributes().get("traceparent").dataType()).isEqualTo("String");
    });
  }
}
