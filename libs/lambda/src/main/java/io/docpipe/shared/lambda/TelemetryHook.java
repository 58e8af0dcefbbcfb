package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.telemetry.LogContext;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.SqsTracing;
import io.docpipe.shared.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The frame's hook in terms of {@link Telemetry}: the invocation span (SERVER for HTTP and schedules, CONSUMER for
 * SQS, linked to every record's producer), the MDC fields of its log lines, its log records routed to this
 * environment's SDK, and the flush of traces, metrics and logs, which {@link Telemetry#flush(long)} keeps from
 * throwing.
 */
final class TelemetryHook implements FrameHook {
  private static final TextMapGetter<APIGatewayV2HTTPEvent> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(APIGatewayV2HTTPEvent event) {
      return event.getHeaders() == null ? java.util.List.of() : event.getHeaders().keySet();
    }

    @Override
    public String get(APIGatewayV2HTTPEvent event, String key) {
      return event == null ? null : HttpRequests.header(event, key);
    }
  };

  private final Telemetry telemetry;

  TelemetryHook(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public InvocationScope begin(Start start, Context lambda) {
    long startNanos = System.nanoTime();
    boolean cold = telemetry.coldStart();
    // Each record's producer context, read once: the invocation span links to them, each record span is their child.
    Map<SQSEvent.SQSMessage, io.opentelemetry.context.Context> producers = new IdentityHashMap<>();
    if (start instanceof SqsStart sqs) sqs.records().forEach(r -> producers.put(r, SqsTracing.extract(r)));
    Span span = builder(start, producers).setAttribute(SpanAttributes.FAAS_TRIGGER, trigger(start))
        .setAttribute(SpanAttributes.FAAS_COLDSTART, cold)
        .setAttribute(SpanAttributes.FAAS_INVOCATION_ID, lambda == null ? null : lambda.getAwsRequestId())
        .startSpan();
    Scope scope = telemetry.routeLogs(span.storeInContext(io.opentelemetry.context.Context.current())).makeCurrent();
    LogContext log = LogContext.put(LogContext.SERVICE, telemetry.service(), LogContext.EVENT, LogEvent.INVOCATION.wire());
    return new TelemetryInvocationScope(telemetry, start, producers, span, scope, log, startNanos, cold);
  }

  @Override
  public void flush(long budgetMillis) {
    telemetry.flush(budgetMillis);
  }

  private SpanBuilder builder(Start start, Map<SQSEvent.SQSMessage, io.opentelemetry.context.Context> producers) {
    return switch (start) {
      case SqsStart sqs -> sqs(sqs, producers);
      case HttpStart http -> http(http);
      case OtherStart other -> telemetry.tracer().spanBuilder(other.name()).setNoParent().setSpanKind(SpanKind.SERVER);
    };
  }

  private static String trigger(Start start) {
    return switch (start) {
      case SqsStart sqs -> "pubsub";
      case HttpStart http -> "http";
      case OtherStart other -> other.trigger();
    };
  }

  private SpanBuilder sqs(SqsStart start, Map<SQSEvent.SQSMessage, io.opentelemetry.context.Context> producers) {
    SpanBuilder span = telemetry.tracer().spanBuilder(start.queue() + " process").setNoParent()
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SpanAttributes.QUEUE_NAME, start.queue())
        .setAttribute(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_ASYNC)
        .setAttribute(SpanAttributes.MESSAGING_BATCH_MESSAGE_COUNT, (long) start.records().size());
    for (SQSEvent.SQSMessage record : start.records()) {
      SpanContext linked = Span.fromContext(producers.get(record)).getSpanContext();
      if (linked.isValid()) span.addLink(linked);
    }
    return span;
  }

  private SpanBuilder http(HttpStart start) {
    // A client that sends traceparent gets the job's trace inside its own.
    io.opentelemetry.context.Context parent = W3CTraceContextPropagator.getInstance()
        .extract(io.opentelemetry.context.Context.root(), start.event(), HEADERS);
    SpanBuilder span = telemetry.tracer()
        .spanBuilder(start.route() == null ? start.method() : start.method() + " " + start.route())
        .setParent(parent).setSpanKind(SpanKind.SERVER)
        .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, start.method())
        .setAttribute(SpanAttributes.HTTP_REQUEST_ID, start.requestId())
        .setAttribute(SpanAttributes.CALLER_TYPE, SpanAttributes.CALLER_UNKNOWN)
        .setAttribute(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC);
    if (start.route() != null) span.setAttribute(SpanAttributes.HTTP_ROUTE, start.route());
    return span;
  }
}
