package io.docpipe.shared.telemetry;

import io.docpipe.shared.snapstart.RandomIds;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Builds the SDK by hand rather than through the autoconfigure module, which would load and scan far more than one
 * endpoint needs on every cold start. Batch processors and a periodic metric reader, but with timers so long they
 * never fire: in Lambda the environment is frozen between invocations, so only the per-invocation flush exports,
 * and nothing is exported during init (see {@link InstanceResource} for why that matters under SnapStart).
 */
final class SdkFactory {
  /** Longer than any execution environment lives: the flush is what exports. */
  static final Duration TIMERS_OFF = Duration.ofDays(1);
  /** The longest URL a job accepts; longer values on spans are cut by the SDK. */
  static final int MAX_SPAN_ATTRIBUTE_LENGTH = 2048;
  /** The spec's cap on every string in a log record. */
  static final int MAX_LOG_ATTRIBUTE_LENGTH = 512;

  // The exporters and the metric reader log each failed export through java.util.logging, in plain text on stderr: a
  // dead collector would add lines to every invocation. ExportFailures reports them instead. Held here because
  // java.util.logging keeps loggers weakly and would forget the level.
  private static final List<java.util.logging.Logger> SILENCED = List.of(
      java.util.logging.Logger.getLogger("io.opentelemetry.exporter"),
      java.util.logging.Logger.getLogger("io.opentelemetry.sdk.metrics.export.PeriodicMetricReader"));

  private SdkFactory() {}

  static OpenTelemetrySdk build(TelemetryConfig config, InstanceResource resource, ExportFailures failures) {
    SILENCED.forEach(logger -> logger.setLevel(Level.OFF));
    Duration timeout = config.exportTimeout();
    // No retries: the collector is on localhost, so a failure is not a blip, and the retry backoff (>= 1 s) is
    // longer than the flush waits anyway; a failed batch is counted and dropped.
    // The sender is named here rather than found on the classpath (see UrlConnectionSender for why it is ours).
    var spans = OtlpHttpSpanExporter.builder().setEndpoint(config.signalUrl("traces")).setTimeout(timeout)
        .setRetryPolicy(null).setComponentLoader(UrlConnectionSender.LOADER).build();
    var metrics = OtlpHttpMetricExporter.builder().setEndpoint(config.signalUrl("metrics")).setTimeout(timeout)
        .setRetryPolicy(null).setComponentLoader(UrlConnectionSender.LOADER).build();
    var logs = OtlpHttpLogRecordExporter.builder().setEndpoint(config.signalUrl("logs")).setTimeout(timeout)
        .setRetryPolicy(null).setComponentLoader(UrlConnectionSender.LOADER).build();

    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
        .setResource(resource.base())
        // Ids from the generator SnapStart's restore reseeds (the SDK's default draws from ThreadLocalRandom).
        .setIdGenerator(RandomIds.INSTANCE)
        .setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(MAX_SPAN_ATTRIBUTE_LENGTH).build())
        .addSpanProcessor(BatchSpanProcessor.builder(new GuardedExporters.SpanGuard(spans, resource, failures))
            .setScheduleDelay(TIMERS_OFF).setExporterTimeout(timeout).build())
        .build();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder()
        .setResource(resource.base())
        .registerMetricReader(PeriodicMetricReader.builder(new GuardedExporters.MetricGuard(metrics, resource, failures))
            .setInterval(TIMERS_OFF).build())
        .build();
    SdkLoggerProvider loggerProvider = SdkLoggerProvider.builder()
        .setResource(resource.base())
        .setLogLimits(() -> LogLimits.builder().setMaxAttributeValueLength(MAX_LOG_ATTRIBUTE_LENGTH).build())
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(new GuardedExporters.LogGuard(logs, resource, failures))
            .setScheduleDelay(TIMERS_OFF).setExporterTimeout(timeout).build())
        .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setMeterProvider(meterProvider)
        .setLoggerProvider(loggerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }
}
