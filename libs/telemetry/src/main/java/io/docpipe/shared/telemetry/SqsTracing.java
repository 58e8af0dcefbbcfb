package io.docpipe.shared.telemetry;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * W3C trace context in queue message attributes: {@code traceparent} (and {@code tracestate} when there is one), as
 * String attributes. Every send injects the sender's current context; every record is processed under the context
 * extracted from it, so one job is one trace across the queues. The upstream Lambda instrumentation reads only the
 * X-Ray {@code AWSTraceHeader}, and only as links, which is why this is ours.
 */
public final class SqsTracing {
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, SQSEvent.MessageAttribute>> RECORD = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, SQSEvent.MessageAttribute> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, SQSEvent.MessageAttribute> carrier, String key) {
      SQSEvent.MessageAttribute value = carrier == null ? null : carrier.get(key);
      return value == null ? null : value.getStringValue();
    }
  };

  private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private SqsTracing() {}

  /** {@code attributes} plus the current context's {@code traceparent}/{@code tracestate}, when a span is current. */
  public static Map<String, String> withCurrentContext(Map<String, String> attributes) {
    Map<String, String> all = new HashMap<>(attributes);
    W3C.inject(Context.current(), all, (carrier, key, value) -> carrier.put(key, value));
    return all;
  }

  /** The producer's context carried by a received record; {@link Context#root()} when it carries none. */
  public static Context extract(SQSEvent.SQSMessage record) {
    Map<String, SQSEvent.MessageAttribute> attributes = record.getMessageAttributes();
    return attributes == null ? Context.root() : W3C.extract(Context.root(), attributes, RECORD);
  }

  /** The context carried by message attributes as {@link io.docpipe.shared.QueueSender} sends them. */
  public static Context extract(Map<String, String> attributes) {
    return W3C.extract(Context.root(), attributes, MAP);
  }
}
