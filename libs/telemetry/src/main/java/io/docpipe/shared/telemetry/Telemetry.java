package io.docpipe.shared.telemetry;

import io.docpipe.shared.Env;
import io.docpipe.shared.snapstart.Primers;
import io.docpipe.shared.snapstart.SnapStartHooks;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK of one execution environment: set up once, in the handler's constructor, from the same
 * environment map as the rest of its configuration; exported over OTLP/HTTP protobuf to the collector extension on
 * localhost. The invocation frame ({@code Invocations}, module lambda) flushes it at the end of every invocation:
 * without that flush nothing would leave before Lambda freezes the environment.
 *
 * <p>Variables: {@code OTEL_SDK_DISABLED}, {@code OTEL_SERVICE_NAME} (default: the stage name),
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_EXPORTER_OTLP_ENDPOINT} (default {@code http://localhost:4318}),
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code http/protobuf} only), {@code OTEL_EXPORTER_OTLP_TIMEOUT} (ms),
 * {@code TELEMETRY_FLUSH_TIMEOUT_MS}, {@code TELEMETRY_FLUSH}, {@code DEPLOYMENT_ENVIRONMENT}, and Lambda's own
 * {@code AWS_LAMBDA_*} and {@code AWS_REGION} for the resource.
 *
 * <p>Set-up never fails a function: if anything is wrong it logs one line saying why and runs with no-op telemetry.
 * Nothing here throws into the caller.
 */
public final class Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final String SCOPE = "io.docpipe";

  private final String service;
  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final InstanceResource resource;
  private final Flusher flusher;
  private final long flushTimeoutMillis;
  private final Tracer tracer;
  private final Metrics metrics;
  private final AtomicBoolean cold = new AtomicBoolean(true);

  private Telemetry(String service, OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, InstanceResource resource,
      boolean flush, long flushTimeoutMillis) {
    this.service = service;
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.resource = resource;
    this.flusher = sdk != null && flush ? new Flusher(sdk) : null;
    this.flushTimeoutMillis = flushTimeoutMillis;
    this.tracer = openTelemetry.getTracer(SCOPE, BuildInfo.version());
    this.metrics = new Metrics(openTelemetry.getMeter(SCOPE));
  }

  /** Telemetry for the function {@code stage} ({@code service.name} unless OTEL_SERVICE_NAME says otherwise). */
  public static Telemetry create(String stage, Map<String, String> environment) {
    return create(stage, Env.of(environment));
  }

  public static Telemetry create(String stage, Env env) {
    // Every function builds its telemetry once, at init: the place to register its SnapStart hooks.
    SnapStartHooks.of(stage).primeWith(Primers::json);
    try (LogContext log = LogContext.put(LogContext.SERVICE, stage)) {
      return build(stage, env);
    }
  }

  private static Telemetry build(String stage, Env env) {
    try {
      TelemetryConfig config = TelemetryConfig.fromEnv(env);
      if (config.disabled()) {
        EventLog.info(LOG, LogEvent.TELEMETRY_DISABLED).log("telemetry disabled by OTEL_SDK_DISABLED");
        return noop(stage);
      }
      InstanceResource resource = new InstanceResource(LambdaResource.from(env, stage));
      String service = resource.base().getAttribute(LambdaResource.SERVICE_NAME);
      ExportFailures failures = new ExportFailures(service);
      OpenTelemetrySdk sdk = SdkFactory.build(config, resource, failures);
      Telemetry telemetry = new Telemetry(service, sdk, sdk, resource, config.flushEnabled(), config.flushTimeout().toMillis());
      failures.countWith(signal -> telemetry.metrics.add(PipelineMetrics.TELEMETRY_EXPORT_FAILURES, 1, signal));
      LogRouting.register(service, sdk.getSdkLoggerProvider());
      return telemetry;
    } catch (RuntimeException | LinkageError e) {
      EventLog.error(LOG, LogEvent.TELEMETRY_SETUP_FAILED).with(LogField.ERROR, e.toString())
          .log("telemetry set-up failed, running without traces, metrics or OTLP logs: {}", e.getMessage());
      return noop(stage);
    }
  }

  /** No-op telemetry: spans are not recorded, but a parent context passed in still propagates to what is sent on. */
  public static Telemetry noop(String service) {
    return new Telemetry(service, OpenTelemetry.noop(), null, null, false, 0);
  }

  /**
   * Telemetry over an SDK built by the caller, for tests with in-memory exporters. Its flush force-flushes that SDK;
   * its log records are not routed (tests read them from their own exporter).
   */
  public static Telemetry of(String service, OpenTelemetrySdk sdk) {
    return new Telemetry(service, sdk, sdk, null, true, 5_000);
  }

  public String service() {
    return service;
  }

  public Tracer tracer() {
    return tracer;
  }

  public Metrics metrics() {
    return metrics;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Whether spans, metrics and logs are recorded and exported (false for no-op telemetry). */
  public boolean enabled() {
    return sdk != null;
  }

  /** Force-flushes traces, metrics and logs, waiting at most TELEMETRY_FLUSH_TIMEOUT_MS. Never throws. */
  public boolean flush() {
    return flush(flushTimeoutMillis);
  }

  /**
   * As {@link #flush()}, waiting at most {@code maxMillis}: the invocation frame passes the time its invocation has
   * left.
   */
  public boolean flush(long maxMillis) {
    if (flusher == null) return sdk == null;
    try {
      Flusher.Outcome outcome = flusher.flush(Math.min(maxMillis, flushTimeoutMillis));
      metrics.record(PipelineMetrics.TELEMETRY_FLUSH_DURATION, outcome.nanos() / 1e9);
      if (!outcome.completed()) metrics.add(PipelineMetrics.TELEMETRY_FLUSH_TIMEOUTS, 1);
      return outcome.completed();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * True once per environment: for the first invocation, which also starts the environment's instance id. The
   * invocation frame asks once per invocation.
   */
  public boolean coldStart() {
    if (!cold.get() || !cold.compareAndSet(true, false)) return false;
    if (resource != null) resource.arm();
    return true;
  }

  /**
   * {@code context} with this environment's log records routed to its own SDK (see {@link LogRouting}), for the
   * invocation frame to make current while it runs; {@code context} itself for no-op telemetry.
   */
  public io.opentelemetry.context.Context routeLogs(io.opentelemetry.context.Context context) {
    return sdk == null ? context : LogRouting.within(context, sdk.getSdkLoggerProvider());
  }

  /** Flushes and stops the SDK (the local stack and tests; Lambda simply freezes and discards environments). */
  public void shutdown() {
    if (sdk == null) return;
    sdk.shutdown().join(5, TimeUnit.SECONDS);
    // The batch processors' workers learn of the shutdown from the export's callback, on the sender's thread, while
    // they wait out the schedule delay (a day: the flush is what exports). A flush request wakes them to see it and
    // end; without it every replaced environment kept two threads, and what they hold, until the process ended.
    sdk.getSdkTracerProvider().forceFlush();
    sdk.getSdkLoggerProvider().forceFlush();
  }
}
