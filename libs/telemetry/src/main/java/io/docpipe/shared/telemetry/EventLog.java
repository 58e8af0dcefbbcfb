package io.docpipe.shared.telemetry;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Log lines with an {@code event} name and typed fields:
 *
 * <pre>{@code
 * EventLog.info(LOG, LogEvent.SCRAPE_COMPLETED).with(LogField.URL, url).with(LogField.DURATION_MS, ms)
 *     .log("job {} scraped: {} bytes", jobId, bytes);
 * }</pre>
 *
 * The fields become SLF4J key-value pairs, which the JSON encoder writes as top-level fields and the OpenTelemetry
 * appender as log record attributes. The event overrides the frame's default {@code event} in the MDC for this line
 * only, so a line has exactly one. Page content is never a field.
 */
public final class EventLog {
  private EventLog() {}

  public static Line info(Logger log, LogEvent event) {
    return new Line(log, Level.INFO, event);
  }

  public static Line warn(Logger log, LogEvent event) {
    return new Line(log, Level.WARN, event);
  }

  public static Line error(Logger log, LogEvent event) {
    return new Line(log, Level.ERROR, event);
  }

  /** One line being built; {@link #log} writes it. */
  public static final class Line {
    private final Logger log;
    private final Level level;
    private final LogEvent event;
    private final List<Object> fields = new ArrayList<>(8);
    private Throwable cause;

    private Line(Logger log, Level level, LogEvent event) {
      this.log = log;
      this.level = level;
      this.event = event;
    }

    /** Adds a field; a null value is left out. */
    public Line with(LogField field, Object value) {
      if (value != null) {
        fields.add(field);
        fields.add(value);
      }
      return this;
    }

    public Line cause(Throwable t) {
      this.cause = t;
      return this;
    }

    public void log(String message, Object... args) {
      if (!log.isEnabledForLevel(level)) return;
      LoggingEventBuilder builder = log.atLevel(level);
      for (int i = 0; i < fields.size(); i += 2) builder.addKeyValue(((LogField) fields.get(i)).json(), fields.get(i + 1));
      if (cause != null) builder.setCause(cause);
      try (LogContext ignored = LogContext.put(LogContext.EVENT, event.wire())) {
        builder.log(message, args);
      }
    }
  }
}
