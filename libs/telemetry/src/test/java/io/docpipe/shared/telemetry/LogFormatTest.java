package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The JSON lines logback.xml writes to stdout: the fields every line carries, and the 512-character cap. */
class LogFormatTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.docpipe.test");

  @Test
  void everyStringField_isCappedAt512Characters_whoeverWritesIt() {
    LoggingEvent event = event("m".repeat(2000), new IllegalStateException("e".repeat(3000)));
    event.addKeyValuePair(new KeyValuePair("url", "https://example.com/" + "p".repeat(1000)));
    event.addKeyValuePair(new KeyValuePair("error", List.of("x".repeat(900))));

    JsonNode line;
    try (LogContext ignored = LogContext.put(LogContext.JOB_ID, "j".repeat(600))) {
      line = encode(event);
    }

    List<String> strings = new ArrayList<>();
    collect(line, strings);
    assertThat(strings).isNotEmpty().allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(512));
    assertThat(line.get("message").asText()).hasSize(512).endsWith("\u2026");
    assertThat(line.get("url").asText()).hasSize(512).startsWith("https://example.com/ppp");
    assertThat(line.get("job_id").asText()).hasSize(512);
    assertThat(line.get("stack_trace").asText()).hasSize(512).startsWith("java.lang.IllegalStateException");
    assertThat(line.get("error").get(0).asText()).hasSize(512);
  }

  @Test
  void everyLine_carriesTheContextFields_withTheCurrentSpansIds() {
    TestTelemetry t = new TestTelemetry("scraper");
    Span span = t.telemetry.tracer().spanBuilder("s").startSpan();
    JsonNode inside;
    try (Scope s = span.makeCurrent();
        LogContext ctx = LogContext.put(LogContext.SERVICE, "scraper", LogContext.EVENT, "scrape_completed", LogContext.JOB_ID, "j1")) {
      inside = encode(event("inside", null));
    } finally {
      span.end();
    }
    JsonNode outside = encode(event("outside", null));

    assertThat(inside.get("trace_id").asText()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(inside.get("span_id").asText()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(inside.get("service").asText()).isEqualTo("scraper");
    assertThat(inside.get("event").asText()).isEqualTo("scrape_completed");
    assertThat(inside.get("job_id").asText()).isEqualTo("j1");
    assertThat(inside.get("level").asText()).isEqualTo("INFO");
    assertThat(inside.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    for (String field : List.of("timestamp", "level", "service", "event", "trace_id", "span_id", "job_id", "message")) {
      assertThat(outside.has(field)).as(field).isTrue();
    }
    assertThat(outside.get("event").asText()).isEqualTo("log");
    assertThat(outside.get("trace_id").isNull()).isTrue();
  }

  @Test
  void cap_neverSplitsASurrogatePair() {
    String emoji = "a".repeat(510) + "\uD83D\uDE00" + "tail";
    String capped = Truncation.cap(emoji, 512);

    assertThat(capped).hasSizeLessThanOrEqualTo(512).endsWith("a\u2026");
    assertThat(Truncation.cap("short", 512)).isEqualTo("short");
  }

  private LoggingEvent event(String message, Throwable error) {
    return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, error, null);
  }

  /** Encodes with the encoder of the STDOUT appender logback.xml configures. */
  @SuppressWarnings("unchecked")
  private static JsonNode encode(ILoggingEvent event) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var appender = (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    Encoder<ILoggingEvent> encoder = appender.getEncoder();
    return Json.read(new String(encoder.encode(event), StandardCharsets.UTF_8), JsonNode.class);
  }

  private static void collect(JsonNode node, List<String> strings) {
    if (node.isTextual()) strings.add(node.asText());
    node.forEach(child -> collect(child, strings));
  }
}
