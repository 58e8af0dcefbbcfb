package io.docpipe.shared.telemetry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed exports and reports them sparingly: the first failure, then one line per {@value #LOG_EVERY}, so a
 * dead collector costs one log line per hundred failed exports instead of three lines per invocation. The exporters'
 * own java.util.logging output is silenced in {@link SdkFactory}; this replaces it. Its logger writes to stdout only
 * (see logback.xml): a failure to export logs must not itself become a log record to export.
 */
final class ExportFailures {
  static final int LOG_EVERY = 100;
  private static final Logger LOG = LoggerFactory.getLogger(ExportFailures.class);

  private final String service;
  private final AtomicLong failures = new AtomicLong();
  private volatile Consumer<String> counter = signal -> {};

  ExportFailures(String service) {
    this.service = service;
  }

  /** The counter lives in the meter provider, which is built after the exporters; hence the late binding. */
  void countWith(Consumer<String> counter) {
    this.counter = counter;
  }

  void failed(String signal, Throwable cause) {
    long n = failures.incrementAndGet();
    counter.accept(signal);
    if (n == 1 || n % LOG_EVERY == 0) {
      // Logged on an exporter thread, outside any invocation: name the service here.
      try (LogContext log = LogContext.put(LogContext.SERVICE, service)) {
        EventLog.warn(LOG, LogEvent.TELEMETRY_EXPORT_FAILED).with(LogField.SIGNAL, signal).with(LogField.FAILURES, n)
            .with(LogField.ERROR, cause == null ? null : cause.toString())
            .log("telemetry export of {} failed ({} failures so far, logged once per {})", signal, n, LOG_EVERY);
      }
    }
  }

  long count() {
    return failures.get();
  }
}
