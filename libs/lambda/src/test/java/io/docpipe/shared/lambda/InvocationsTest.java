package io.docpipe.shared.lambda;

import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.TracedSpan;
import io.docpipe.shared.telemetry.TestTelemetry;

import io.docpipe.shared.Invocation;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.docpipe.shared.lambda.FrameEvents.event;
import static io.docpipe.shared.lambda.FrameEvents.http;
import static io.docpipe.shared.lambda.FrameEvents.record;

class InvocationsTest {

  private final TestTelemetry t = new TestTelemetry("scraper");
  private final Invocations invocations = new Invocations(t.telemetry);

  @Test
  void invokeSqs_eachRecordSpan_isAChildOfItsProducer_andTheInvocationSpanLinksToThemAll() {
    SpanContext producerA = producer();
    SpanContext producerB = producer();
    SQSEvent event = event(record("a", producerA), record("b", producerB));
    List<SpanContext> seenInHandler = new ArrayList<>();

    invocations.invokeSqs(event, null, (r, inv) -> seenInHandler.add(Span.current().getSpanContext()));

    SpanData invocation = t.span("docpipe-dev-scrape process");
    assertThat(invocation.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(invocation.getParentSpanContext().isValid()).isFalse();
    assertThat(invocation.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(producerA.getSpanId(), producerB.getSpanId());
    assertThat(invocation.getLinks()).extracting(l -> l.getSpanContext().getTraceId())
        .containsExactly(producerA.getTraceId(), producerB.getTraceId());
    assertThat(invocation.getAttributes().get(SpanAttributes.QUEUE_NAME)).isEqualTo("docpipe-dev-scrape");
    List<SpanData> records = t.finished().stream().filter(s -> s.getName().equals("docpipe-dev-scrape message")).toList();
    assertThat(records).extracting(SpanData::getParentSpanId).containsExactlyInAnyOrder(producerA.getSpanId(), producerB.getSpanId());
    assertThat(records).extracting(SpanData::getTraceId).containsExactlyInAnyOrder(producerA.getTraceId(), producerB.getTraceId());
    assertThat(records).allSatisfy(r -> {
      assertThat(r.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(r.getAttributes().get(SpanAttributes.REQUEST_MODE)).isEqualTo("async");
    });
    assertThat(seenInHandler).extracting(SpanContext::getSpanId)
        .containsExactlyInAnyOrderElementsOf(records.stream().map(SpanData::getSpanId).toList());
  }

  @Test
  void invokeSqs_recordWithoutTraceContext_isProcessedUnderTheInvocationSpan() {
    SQSEvent.SQSMessage plain = record("plain", null);

    invocations.invokeSqs(event(plain), null, (r, inv) -> {});

    SpanData invocation = t.span("docpipe-dev-scrape process");
    assertThat(invocation.getLinks()).isEmpty();
    assertThat(t.span("docpipe-dev-scrape message").getParentSpanId()).isEqualTo(invocation.getSpanId());
  }

  @Test
  void invokeSqs_reportsOnlyTheFailedRecord_marksItsSpan_andStillFlushes() {
    SQSEvent event = event(record("good", producer()), record("bad", producer()));

    SQSBatchResponse response = invocations.invokeSqs(event, null, (r, inv) -> {
      if (r.getMessageId().equals("bad")) throw new IllegalStateException("boom");
    });

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("bad");
    SpanData bad = t.finished().stream()
        .filter(s -> "bad".equals(s.getAttributes().get(SpanAttributes.MESSAGING_MESSAGE_ID))).findFirst().orElseThrow();
    assertThat(bad.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(bad.getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("IllegalStateException");
  }

  @Test
  void invocation_givesEachRecordTheInvocationsTimeLeft() {
    List<Long> remaining = new ArrayList<>();
    long budget = 5_000 - Invocations.DEADLINE_MARGIN_MILLIS;
    long before = System.nanoTime();
    List<Long> elapsed = new ArrayList<>();

    invocations.invokeSqs(event(record("traced", producer())), new FakeLambdaContext("req", 5_000), (r, invocation) -> {
      remaining.add(invocation.remainingMillis());
      elapsed.add((System.nanoTime() - before) / 1_000_000);
    });

    // The budget less the time the frame had taken by then, which a busy machine stretches: measured, not assumed.
    assertThat(remaining).singleElement()
        .satisfies(ms -> assertThat(ms).isBetween(budget - elapsed.get(0) - 1, budget));
  }

  @Test
  void invocation_carriesTheRecordsReceiveCount_andWhetherItIsTheLast() {
    SQSEvent.SQSMessage third = record("r", null);
    third.setAttributes(Map.of("ApproximateReceiveCount", "3"));
    SQSEvent.SQSMessage fifth = record("s", null);
    fifth.setAttributes(Map.of("ApproximateReceiveCount", "5"));
    List<Invocation> seen = new ArrayList<>();

    invocations.invokeSqs(event(third, fifth), null, (r, invocation) -> seen.add(invocation));

    assertThat(seen).extracting(Invocation::receiveCount).containsExactly(3, 5);
    assertThat(seen).extracting(Invocation::lastDelivery).containsExactly(false, true);
    assertThat(seen).extracting(Invocation::remainingMillis).as("no Lambda context: unbounded")
        .containsOnly(Long.MAX_VALUE);
  }

  @Test
  void invokeHttp_spanIsNamedByTheRouteTemplate_andCarriesRequestIdAndStatus() {
    APIGatewayV2HTTPEvent event = http("GET /jobs/{job_id}", "/jobs/3f0c-raw-id", Map.of("X-Request-Id", "req-42"));

    APIGatewayV2HTTPResponse response = invocations.invokeHttp(event, null,
        (e, inv) -> APIGatewayV2HTTPResponse.builder().withStatusCode(404).withHeaders(Map.of("Content-Type", "x")).build());

    assertThat(response.getHeaders()).containsEntry("X-Request-Id", "req-42").containsEntry("Content-Type", "x");
    SpanData span = t.span("GET /jobs/{job_id}");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getAttributes().get(SpanAttributes.HTTP_ROUTE)).isEqualTo("/jobs/{job_id}");
    assertThat(span.getAttributes().get(SpanAttributes.HTTP_REQUEST_METHOD)).isEqualTo("GET");
    assertThat(span.getAttributes().get(SpanAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(404L);
    assertThat(span.getAttributes().get(SpanAttributes.HTTP_REQUEST_ID)).isEqualTo("req-42");
    assertThat(span.getAttributes().get(SpanAttributes.REQUEST_MODE)).isEqualTo("sync");
    assertThat(span.getAttributes().asMap().values()).noneMatch(v -> String.valueOf(v).contains("3f0c-raw-id"));
    assertThat(t.counter(PipelineMetrics.HTTP_REQUESTS, Attributes.of(stringKey("method"), "GET",
        stringKey("path"), "/jobs/{job_id}", stringKey("status_code"), "404"))).isEqualTo(1);
    assertThat(t.histogramCount(PipelineMetrics.HTTP_REQUEST_DURATION, Attributes.of(stringKey("path"), "/jobs/{job_id}")))
        .isEqualTo(1);
  }

  @Test
  void invokeHttp_withoutRequestId_makesOne_andEchoesIt() {
    APIGatewayV2HTTPResponse response = invocations.invokeHttp(http("POST /jobs", "/jobs", Map.of()), null,
        (e, inv) -> APIGatewayV2HTTPResponse.builder().withStatusCode(202).build());

    String id = response.getHeaders().get("X-Request-Id");
    assertThat(id).isNotBlank();
    assertThat(t.span("POST /jobs").getAttributes().get(SpanAttributes.HTTP_REQUEST_ID)).isEqualTo(id);
  }

  @Test
  void invokeHttp_continuesTheCallersTrace() {
    SpanContext caller = producer();
    APIGatewayV2HTTPEvent event = http("POST /jobs", "/jobs",
        Map.of("traceparent", "00-" + caller.getTraceId() + "-" + caller.getSpanId() + "-01"));

    invocations.invokeHttp(event, null, (e, inv) -> APIGatewayV2HTTPResponse.builder().withStatusCode(202).build());

    assertThat(t.span("POST /jobs").getParentSpanId()).isEqualTo(caller.getSpanId());
  }

  @Test
  void invokeHttp_workThrows_isA500Span_theExceptionPropagates_andTheFlushRan() {
    assertThatThrownBy(() -> invocations.invokeHttp(http("POST /jobs", "/jobs", Map.of()), null, (e, inv) -> {
      throw new IllegalStateException("table unavailable");
    })).isInstanceOf(IllegalStateException.class);

    SpanData span = t.span("POST /jobs");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(SpanAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
  }

  @Test
  void invokeScheduled_workThrows_stillFlushesInFinally() {
    assertThatThrownBy(() -> invocations.invokeScheduled(null, inv -> {
      try (TracedSpan ignored = TracedSpan.start(t.telemetry.tracer(), "scan")) {
        throw new IllegalStateException("dynamo down");
      }
    })).hasMessage("dynamo down");

    // The batch processor's timer never fires: the spans are here only because the frame flushed.
    assertThat(t.finished()).extracting(SpanData::getName).containsExactlyInAnyOrder("scan", "scraper schedule");
    assertThat(t.span("scraper schedule").getAttributes().get(SpanAttributes.FAAS_TRIGGER)).isEqualTo("timer");
    assertThat(t.counter(PipelineMetrics.FAAS_ERRORS, Attributes.empty())).isEqualTo(1);
  }

  @Test
  void coldStart_isTheFirstInvocationOnly() {
    invocations.invokeScheduled(null, inv -> 1);
    invocations.invokeScheduled(null, inv -> 2);

    assertThat(t.finished()).extracting(s -> s.getAttributes().get(SpanAttributes.FAAS_COLDSTART)).containsExactly(true, false);
    assertThat(t.counter(PipelineMetrics.FAAS_COLDSTARTS, Attributes.empty())).isEqualTo(1);
    assertThat(t.counter(PipelineMetrics.FAAS_INVOCATIONS, Attributes.empty())).isEqualTo(2);
  }

  private SpanContext producer() {
    Span span = t.telemetry.tracer().spanBuilder("producer").setNoParent().startSpan();
    span.end();
    return span.getSpanContext();
  }
}
