package io.docpipe.shared.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Writes the five fields every JSON line carries, null when unknown: {@code service}, {@code event} ({@code log} for
 * lines that name none), {@code trace_id}, {@code span_id} and {@code job_id}. The ids come from the span current on
 * the logging thread, read as the line is written (the console appender writes synchronously), so they match the
 * span the line belongs to without anyone copying them into the MDC. Public only because logback instantiates it.
 */
public final class LogContextJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String service = mdc.get(LogContext.SERVICE);
    SpanContext span = Span.current().getSpanContext();
    field(generator, LogContext.SERVICE, service != null ? service : LogRouting.fallbackService());
    field(generator, LogContext.EVENT, mdc.getOrDefault(LogContext.EVENT, LogEvent.LOG.wire()));
    field(generator, LogContext.TRACE_ID, span.isValid() ? span.getTraceId() : mdc.get(LogContext.TRACE_ID));
    field(generator, LogContext.SPAN_ID, span.isValid() ? span.getSpanId() : mdc.get(LogContext.SPAN_ID));
    field(generator, LogContext.JOB_ID, mdc.get(LogContext.JOB_ID));
  }

  private static void field(JsonGenerator generator, String name, String value) throws IOException {
    if (value == null) generator.writeNullField(name);
    else generator.writeStringField(name, value);
  }
}
