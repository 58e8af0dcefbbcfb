package io.docpipe.shared.telemetry;

import io.docpipe.shared.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How telemetry is exported, from the standard {@code OTEL_*} variables plus ours. Only what this design uses is read:
 * one OTLP/HTTP protobuf endpoint (the collector extension on localhost), no headers, no TLS settings.
 *
 * @param endpoint base URL; {@code /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} are appended
 * @param exportTimeout how long one export request may take, in the background
 * @param flushTimeout how long an invocation waits for its flush; the bound on what a dead collector costs
 * @param flushEnabled false only to prove that without the flush nothing leaves before Lambda freezes the environment
 */
record TelemetryConfig(boolean disabled, URI endpoint, Duration exportTimeout, Duration flushTimeout, boolean flushEnabled) {
  static final String DEFAULT_ENDPOINT = "http://localhost:4318";
  /** See docs/metrics.md, "Flush overhead": a warm flush takes ~7 ms, the cold first one ~270 ms, on a 2-vCPU VM. */
  static final int DEFAULT_FLUSH_TIMEOUT_MS = 500;
  private static final String PROTOCOL = "http/protobuf";

  /** Reads and validates; a bad value throws an {@link IllegalArgumentException} naming the variable. */
  static TelemetryConfig fromEnv(Env env) {
    boolean disabled = strictFlag(env, "OTEL_SDK_DISABLED", false);
    String protocol = env.optional("OTEL_EXPORTER_OTLP_PROTOCOL", PROTOCOL);
    if (!protocol.equals(PROTOCOL)) {
      throw new IllegalArgumentException("environment variable OTEL_EXPORTER_OTLP_PROTOCOL must be " + PROTOCOL
          + " (the only protocol this build exports), was '" + protocol + "'");
    }
    return new TelemetryConfig(disabled,
        endpoint(env.optional("OTEL_EXPORTER_OTLP_ENDPOINT", DEFAULT_ENDPOINT)),
        Duration.ofMillis(env.intValue("OTEL_EXPORTER_OTLP_TIMEOUT", 10_000, 1, 600_000)),
        Duration.ofMillis(env.intValue("TELEMETRY_FLUSH_TIMEOUT_MS", DEFAULT_FLUSH_TIMEOUT_MS, 0, 60_000)),
        strictFlag(env, "TELEMETRY_FLUSH", true));
  }

  String signalUrl(String signal) {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base : base + "/") + "v1/" + signal;
  }

  private static URI endpoint(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null) return uri;
    } catch (java.net.URISyntaxException e) {
      // reported below with the variable's name
    }
    throw new IllegalArgumentException("environment variable OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as "
        + DEFAULT_ENDPOINT + ", was '" + value + "'");
  }

  private static boolean strictFlag(Env env, String name, boolean fallback) {
    String value = env.optional(name, null);
    return value == null ? fallback : env.flag(name);
  }
}
