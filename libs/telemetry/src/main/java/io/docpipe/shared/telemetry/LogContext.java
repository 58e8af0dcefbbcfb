package io.docpipe.shared.telemetry;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * The MDC fields every log line carries, set for a scope and restored when it closes: {@code service} and
 * {@code event} by the invocation and record frames, {@code job_id} by the job frame (module lambda).
 * {@code trace_id} and {@code span_id} are not kept here: {@link LogContextJsonProvider} reads them from the current
 * span when the line is written, so they are always the span the line was logged in.
 */
public final class LogContext implements AutoCloseable {
  public static final String SERVICE = "service";
  public static final String EVENT = "event";
  public static final String JOB_ID = "job_id";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  private final List<String[]> previous = new ArrayList<>(3);

  private LogContext() {}

  /** Sets {@code key, value, key, value, ...}; a null value removes the key for the scope. */
  public static LogContext put(String... keysAndValues) {
    LogContext scope = new LogContext();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) scope.set(keysAndValues[i], keysAndValues[i + 1]);
    return scope;
  }

  public static LogContext job(String jobId) {
    return put(JOB_ID, jobId);
  }

  private void set(String key, String value) {
    previous.add(new String[] {key, MDC.get(key)});
    if (value == null) MDC.remove(key);
    else MDC.put(key, value);
  }

  @Override
  public void close() {
    for (int i = previous.size() - 1; i >= 0; i--) {
      String[] kv = previous.get(i);
      if (kv[1] == null) MDC.remove(kv[0]);
      else MDC.put(kv[0], kv[1]);
    }
  }
}
