package io.docpipe.shared.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns the appender's attributes (MDC and key-value pairs, under their JSON names) into the approved OTLP keys:
 * {@code job_id} becomes {@code job.id}, the fields of {@link LogField} their dotted names, and {@code event} also the
 * record's event name. {@code trace_id}, {@code span_id} and {@code service} are dropped: a log record carries the
 * first two natively and the third is the resource's {@code service.name}. The body is capped like every string.
 */
final class KeyMappingLogRecordBuilder implements LogRecordBuilder {
  private static final Set<String> DROPPED = Set.of(LogContext.TRACE_ID, LogContext.SPAN_ID, LogContext.SERVICE);
  static final int MAX_BODY = SdkFactory.MAX_LOG_ATTRIBUTE_LENGTH;

  private final LogRecordBuilder delegate;

  KeyMappingLogRecordBuilder(LogRecordBuilder delegate) {
    this.delegate = delegate;
  }

  /** Wraps every record builder a logger hands out. */
  record Builder(LoggerBuilder delegate) implements LoggerBuilder {
    @Override
    public LoggerBuilder setSchemaUrl(String schemaUrl) {
      return new Builder(delegate.setSchemaUrl(schemaUrl));
    }

    @Override
    public LoggerBuilder setInstrumentationVersion(String version) {
      return new Builder(delegate.setInstrumentationVersion(version));
    }

    @Override
    public Logger build() {
      Logger logger = delegate.build();
      return () -> new KeyMappingLogRecordBuilder(logger.logRecordBuilder());
    }
  }

  @Override
  public <T> LogRecordBuilder setAttribute(AttributeKey<T> key, T value) {
    String name = key.getKey();
    if (DROPPED.contains(name) || value == null) return this;
    if (name.equals(LogContext.JOB_ID)) {
      delegate.setAttribute(AttributeKey.stringKey("job.id"), String.valueOf(value));
    } else if (name.equals(LogContext.EVENT)) {
      delegate.setEventName(String.valueOf(value));
      delegate.setAttribute(key, value);
    } else {
      String mapped = LogField.otlpKey(name);
      delegate.setAttribute(mapped.equals(name) ? key : retyped(key, mapped), value);
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private static <T> AttributeKey<T> retyped(AttributeKey<T> key, String name) {
    return switch (key.getType()) {
      case STRING -> (AttributeKey<T>) AttributeKey.stringKey(name);
      case LONG -> (AttributeKey<T>) AttributeKey.longKey(name);
      case DOUBLE -> (AttributeKey<T>) AttributeKey.doubleKey(name);
      case BOOLEAN -> (AttributeKey<T>) AttributeKey.booleanKey(name);
      default -> key;
    };
  }

  @Override
  public LogRecordBuilder setBody(String body) {
    delegate.setBody(body != null && body.length() > MAX_BODY ? Truncation.cap(body, MAX_BODY) : body);
    return this;
  }

  @Override
  public LogRecordBuilder setBody(Value<?> body) {
    delegate.setBody(body);
    return this;
  }

  @Override
  public LogRecordBuilder setTimestamp(long timestamp, TimeUnit unit) {
    delegate.setTimestamp(timestamp, unit);
    return this;
  }

  @Override
  public LogRecordBuilder setTimestamp(Instant instant) {
    delegate.setTimestamp(instant);
    return this;
  }

  @Override
  public LogRecordBuilder setObservedTimestamp(long timestamp, TimeUnit unit) {
    delegate.setObservedTimestamp(timestamp, unit);
    return this;
  }

  @Override
  public LogRecordBuilder setObservedTimestamp(Instant instant) {
    delegate.setObservedTimestamp(instant);
    return this;
  }

  @Override
  public LogRecordBuilder setContext(Context context) {
    delegate.setContext(context);
    return this;
  }

  @Override
  public LogRecordBuilder setSeverity(Severity severity) {
    delegate.setSeverity(severity);
    return this;
  }

  @Override
  public LogRecordBuilder setSeverityText(String severityText) {
    delegate.setSeverityText(severityText);
    return this;
  }

  @Override
  public LogRecordBuilder setEventName(String eventName) {
    delegate.setEventName(eventName);
    return this;
  }

  @Override
  public LogRecordBuilder setException(Throwable throwable) {
    delegate.setException(throwable);
    return this;
  }

  @Override
  public void emit() {
    delegate.emit();
  }
}
