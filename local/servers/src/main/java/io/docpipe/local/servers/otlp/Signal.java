package io.docpipe.local.servers.otlp;

/** The three OTLP signals, each with the path its exporter posts to under the receiver's endpoint. */
public enum Signal {
  TRACES("/v1/traces"),
  METRICS("/v1/metrics"),
  LOGS("/v1/logs");

  private final String path;

  Signal(String path) {
    this.path = path;
  }

  /** The OTLP/HTTP path, e.g. {@code /v1/traces}. */
  public String path() {
    return path;
  }

  /** The signal posted to {@code path}, or null when the path is not an OTLP export path. */
  static Signal forPath(String path) {
    for (Signal signal : values()) {
      if (signal.path.equals(path)) return signal;
    }
    return null;
  }
}
