package io.docpipe.local.servers.otlp;

import io.docpipe.local.servers.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON lines the receiver appends when given a directory. */
class OtlpReceiverStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void storeDir_getsOneJsonLinePerSpanLogRecordAndDataPoint() {
    Path store = dir.resolve("otlp"); // created by the receiver
    String traceId;
    try (OtlpReceiver receiver = OtlpReceiver.start(0, store);
        ServiceSdk sdk = ServiceSdk.start(receiver.endpoint(), "embedder", "3.1.0")) {
      Span span = sdk.tracer().spanBuilder("embed batch").setAttribute("job.id", "job-9").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        sdk.logger().logRecordBuilder().setBody("batch embedded").emit();
      } finally {
        span.end();
      }
      sdk.meter().counterBuilder("chunks.embedded").build().add(12);
      sdk.flush();
      traceId = span.getSpanContext().getTraceId();
    }

    List<JsonNode> spans = lines(store.resolve("spans.jsonl"));
    List<JsonNode> logs = lines(store.resolve("logs.jsonl"));
    List<JsonNode> points = lines(store.resolve("metrics.jsonl"));
    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.get("traceId").asText()).isEqualTo(traceId);
      assertThat(span.get("name").asText()).isEqualTo("embed batch");
      assertThat(span.get("service").asText()).isEqualTo("embedder");
      assertThat(span.get("attributes").get("job.id").asText()).isEqualTo("job-9");
    });
    assertThat(logs).singleElement().satisfies(log -> {
      assertThat(log.get("body").asText()).isEqualTo("batch embedded");
      assertThat(log.get("traceId").asText()).isEqualTo(traceId);
    });
    assertThat(points).filteredOn(p -> p.get("name").asText().equals("chunks.embedded")).first().satisfies(p -> {
      assertThat(p.get("type").asText()).isEqualTo("SUM");
      assertThat(p.get("monotonic").asBoolean()).isTrue();
      assertThat(p.get("value").asDouble()).isEqualTo(12.0);
      assertThat(p.get("resourceAttributes").get("service.version").asText()).isEqualTo("3.1.0");
    });
  }

  @Test
  void metricPoints_areAppendedWhenTheirValueChanged_notAtEveryCumulativeFlush() {
    Path store = dir.resolve("otlp");
    try (OtlpReceiver receiver = OtlpReceiver.start(0, store);
        ServiceSdk sdk = ServiceSdk.start(receiver.endpoint(), "embedder", "3.1.0")) {
      var counter = sdk.meter().counterBuilder("parts.stored").build();
      counter.add(1);
      sdk.flush();
      sdk.flush(); // the same cumulative value again
      counter.add(2);
      sdk.flush();
      Await.until("the last point", WAIT, receiver::prometheusText, text -> text.contains("parts_stored_total"));
    }

    assertThat(lines(store.resolve("metrics.jsonl"))).filteredOn(p -> p.get("name").asText().equals("parts.stored"))
        .extracting(p -> p.get("value").asDouble()).containsExactly(1.0, 3.0);
  }

  @Test
  void storeDir_isAppendedTo_acrossReceivers() {
    for (String name : List.of("first", "second")) {
      try (OtlpReceiver receiver = OtlpReceiver.start(0, dir);
          ServiceSdk sdk = ServiceSdk.start(receiver.endpoint(), "api", "1")) {
        sdk.tracer().spanBuilder(name).startSpan().end();
        sdk.flush();
        Await.until("the span", WAIT, receiver::allSpans, s -> !s.isEmpty());
      }
    }

    assertThat(lines(dir.resolve("spans.jsonl"))).extracting(n -> n.get("name").asText())
        .containsExactly("first", "second");
  }

  @Test
  void startRestoring_readsBackSpansLogsAndMetrics_skippingALineCutShort() throws IOException {
    String traceId;
    try (OtlpReceiver receiver = OtlpReceiver.start(0, dir);
        ServiceSdk sdk = ServiceSdk.start(receiver.endpoint(), "chunker", "2.0.0")) {
      Span span = sdk.tracer().spanBuilder("chunk page").setAttribute("chunk.count", 7L).startSpan();
      try (Scope ignored = span.makeCurrent()) {
        sdk.logger().logRecordBuilder().setBody("page chunked").emit();
      } finally {
        span.end();
      }
      sdk.meter().counterBuilder("chunks.created").build().add(7);
      sdk.flush();
      traceId = span.getSpanContext().getTraceId();
      Await.until("the metric", WAIT, receiver::prometheusText, text -> text.contains("chunks_created_total"));
    }
    // A run killed mid-write leaves half a line.
    Files.writeString(dir.resolve("spans.jsonl"), "{\"traceId\":\"ab", java.nio.file.StandardOpenOption.APPEND);

    try (OtlpReceiver restarted = OtlpReceiver.startRestoring(0, dir)) {
      assertThat(restarted.restoredSpans()).isEqualTo(1);
      assertThat(restarted.spans(traceId)).singleElement().satisfies(span -> {
        assertThat(span.name()).isEqualTo("chunk page");
        assertThat(span.attributes()).containsEntry("chunk.count", 7L);
      });
      assertThat(restarted.waterfall(traceId)).contains("chunk page");
      assertThat(restarted.logs()).extracting(ReceivedLog::body).contains("page chunked");
      assertThat(restarted.prometheusText()).contains("chunks_created_total");
    }
    try (OtlpReceiver plain = OtlpReceiver.start(0, dir)) {
      assertThat(plain.allSpans()).as("start() appends without reading back").isEmpty();
    }
  }

  private static List<JsonNode> lines(Path file) {
    try {
      return Files.readAllLines(file).stream().map(OtlpReceiverStoreTest::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
