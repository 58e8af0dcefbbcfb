package io.docpipe.local.servers.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * One service's OpenTelemetry SDK exporting to the receiver over OTLP/HTTP protobuf with the JDK sender, as a
 * handler's SDK exports to the collector extension. Traces go gzip-compressed, metrics and logs uncompressed, so both
 * encodings are exercised.
 */
final class ServiceSdk implements AutoCloseable {
  private final SdkTracerProvider tracing;
  private final SdkMeterProvider metrics;
  private final SdkLoggerProvider logging;

  private ServiceSdk(SdkTracerProvider tracing, SdkMeterProvider metrics, SdkLoggerProvider logging) {
    this.tracing = tracing;
    this.metrics = metrics;
    this.logging = logging;
  }

  static ServiceSdk start(URI endpoint, String service, String version) {
    Resource resource = Resource.getDefault().merge(Resource.builder()
        .put("service.name", service)
        .put("service.version", version)
        .put("service.instance.id", service + "-instance-1")
        .build());
    SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
            .setEndpoint(endpoint + "/v1/traces").setCompression("gzip").build()).build())
        .build();
    SdkMeterProvider metrics = SdkMeterProvider.builder().setResource(resource)
        .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
            .setEndpoint(endpoint + "/v1/metrics").build()).build())
        .build();
    SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
            .setEndpoint(endpoint + "/v1/logs").build()).build())
        .build();
    return new ServiceSdk(tracing, metrics, logging);
  }

  Tracer tracer() {
    return tracing.get("io.docpipe.test");
  }

  Meter meter() {
    return metrics.get("io.docpipe.test");
  }

  Logger logger() {
    return logging.get("io.docpipe.test");
  }

  /** Exports everything recorded so far and asserts the receiver accepted it. */
  void flush() {
    for (CompletableResultCode result : new CompletableResultCode[] {
        tracing.forceFlush(), metrics.forceFlush(), logging.forceFlush()}) {
      assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).as("flush succeeded").isTrue();
    }
  }

  @Override
  public void close() {
    tracing.shutdown().join(10, TimeUnit.SECONDS);
    metrics.shutdown().join(10, TimeUnit.SECONDS);
    logging.shutdown().join(10, TimeUnit.SECONDS);
  }
}
