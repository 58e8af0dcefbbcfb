package io.docpipe.shared.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the logback OpenTelemetry appender sends log records. The appender is installed once per JVM, but the local
 * stack runs several functions (and several environments of each) in one JVM, each with its own SDK and
 * {@code service.name}; so the appender gets a router that sends a record to the logger provider of the invocation
 * it was logged in ({@link #within}). A line logged outside any invocation goes to the function's provider when the
 * JVM runs one function, as in Lambda, and only to stdout when it runs several, since it belongs to none of them.
 * The router also renames the JSON field names to the approved OTLP attribute keys
 * ({@link KeyMappingLogRecordBuilder}).
 */
final class LogRouting {
  private static final ContextKey<LoggerProvider> PROVIDER = ContextKey.named("docpipe-logger-provider");
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final Set<String> SERVICES = ConcurrentHashMap.newKeySet();
  private static volatile LoggerProvider fallback = LoggerProvider.noop();

  private static final LoggerProvider ROUTER = name -> {
    LoggerProvider target = Context.current().get(PROVIDER);
    if (target == null) target = SERVICES.size() == 1 ? fallback : LoggerProvider.noop();
    return new KeyMappingLogRecordBuilder.Builder(target.loggerBuilder(name));
  };

  private static final OpenTelemetry ROUTING = new OpenTelemetry() {
    @Override
    public TracerProvider getTracerProvider() {
      return TracerProvider.noop();
    }

    @Override
    public LoggerProvider getLogsBridge() {
      return ROUTER;
    }

    @Override
    public ContextPropagators getPropagators() {
      return ContextPropagators.noop();
    }
  };

  private LogRouting() {}

  /** Makes {@code provider} the destination outside invocations, and installs the appender on first use. */
  static void register(String service, LoggerProvider provider) {
    fallback = provider;
    SERVICES.add(service);
    if (INSTALLED.compareAndSet(false, true)) OpenTelemetryAppender.install(ROUTING);
  }

  /** {@code context} with log records routed to {@code provider}. */
  static Context within(Context context, LoggerProvider provider) {
    return context.with(PROVIDER, provider);
  }

  /** The service to name on lines logged outside any invocation: the JVM's one function, or null. */
  static String fallbackService() {
    return SERVICES.size() == 1 ? SERVICES.iterator().next() : null;
  }
}
