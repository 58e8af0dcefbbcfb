package io.docpipe.local.servers.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.util.List;

/**
 * What the receiver holds: decodes each export request once, keeps it in memory and appends it to the files (metric
 * points only when their value changed).
 */
final class Telemetry implements AutoCloseable {
  private final SpanStore spans;
  private final LogStore logs;
  private final MetricStore metrics;
  private final JsonLines files;
  private final long restoredSpans;

  /**
   * Keeps the newest {@code capacity} items of each signal and appends them to {@code storeDir} (null: memory only);
   * with {@code restore}, first reads back what earlier runs wrote there, so a restarted stack still answers for the
   * traces of jobs it ran before.
   */
  Telemetry(int capacity, Path storeDir, boolean restore) {
    this.spans = new SpanStore(capacity);
    this.logs = new LogStore(capacity);
    this.metrics = new MetricStore(capacity);
    Path from = restore ? storeDir : null;
    this.restoredSpans = JsonLines.read(from, Signal.TRACES, ReceivedSpan.class, span -> spans.addAll(List.of(span)));
    JsonLines.read(from, Signal.LOGS, ReceivedLog.class, log -> logs.addAll(List.of(log)));
    JsonLines.read(from, Signal.METRICS, MetricPoint.class, metrics::add);
    this.files = JsonLines.open(storeDir);
  }

  /** How many spans were read back from the store directory at start. */
  long restoredSpans() {
    return restoredSpans;
  }

  /** Decodes an OTLP protobuf request body; throws on a body that is not one, keeping nothing of it. */
  void accept(Signal signal, byte[] body) throws InvalidProtocolBufferException {
    switch (signal) {
      case TRACES -> {
        List<ReceivedSpan> received = OtlpDecoder.spans(ExportTraceServiceRequest.parseFrom(body));
        spans.addAll(received);
        files.append(signal, received);
      }
      case LOGS -> {
        List<ReceivedLog> received = OtlpDecoder.logs(ExportLogsServiceRequest.parseFrom(body));
        logs.addAll(received);
        files.append(signal, received);
      }
      case METRICS -> {
        List<MetricPoint> received = MetricDecoder.points(ExportMetricsServiceRequest.parseFrom(body));
        // Every flush of a cumulative exporter repeats every series; the file keeps the points that changed.
        files.append(signal, received.stream().filter(metrics::add).toList());
      }
    }
  }

  List<ReceivedSpan> trace(String traceId) {
    return spans.trace(traceId);
  }

  List<ReceivedSpan> allSpans() {
    return spans.all();
  }

  List<ReceivedLog> logs() {
    return logs.all();
  }

  String prometheusText() {
    return PrometheusText.render(metrics.snapshot());
  }

  void clear() {
    spans.clear();
    logs.clear();
    metrics.clear();
  }

  @Override
  public void close() {
    files.close();
  }
}
