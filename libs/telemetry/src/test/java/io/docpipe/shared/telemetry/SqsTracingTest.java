package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsTracingTest {
  private final TestTelemetry t = new TestTelemetry("test");

  @Test
  void withCurrentContext_insideASpan_addsItsTraceparent_andKeepsTheOtherAttributes() {
    Span span = t.telemetry.tracer().spanBuilder("producer").startSpan();
    Map<String, String> attributes;
    try (Scope ignored = span.makeCurrent()) {
      attributes = SqsTracing.withCurrentContext(Map.of("kind", "scrape"));
    } finally {
      span.end();
    }

    SpanContext sent = span.getSpanContext();
    assertThat(attributes).containsEntry("kind", "scrape")
        .containsEntry("traceparent", "00-" + sent.getTraceId() + "-" + sent.getSpanId() + "-" + sent.getTraceFlags().asHex());
  }

  @Test
  void withCurrentContext_outsideAnySpan_addsNothing() {
    assertThat(SqsTracing.withCurrentContext(Map.of())).isEmpty();
  }

  @Test
  void extract_recordWithTraceparent_isTheProducersRemoteContext() {
    SQSEvent.SQSMessage record = record("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    SpanContext parent = Span.fromContext(SqsTracing.extract(record)).getSpanContext();

    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(parent.isSampled()).isTrue();
  }

  @Test
  void extract_recordWithoutOrWithMalformedTraceparent_isRoot() {
    SQSEvent.SQSMessage none = new SQSEvent.SQSMessage();
    assertThat(SqsTracing.extract(none)).isSameAs(Context.root());
    assertThat(Span.fromContext(SqsTracing.extract(record("00-nonsense-01"))).getSpanContext().isValid()).isFalse();
  }

  static SQSEvent.SQSMessage record(String traceparent) {
    SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
    attribute.setDataType("String");
    attribute.setStringValue(traceparent);
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
    attributes.put("traceparent", attribute);
    record.setMessageAttributes(attributes);
    return record;
  }
}
