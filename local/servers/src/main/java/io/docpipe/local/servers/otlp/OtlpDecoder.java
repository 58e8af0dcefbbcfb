package io.docpipe.local.servers.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns decoded OTLP requests into the receiver's records: hex ids, plain Java attribute values, the service name. */
final class OtlpDecoder {
  static final String UNKNOWN_SERVICE = "unknown_service";
  private static final HexFormat HEX = HexFormat.of();

  private OtlpDecoder() {}

  static List<ReceivedSpan> spans(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      String service = service(resource);
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) spans.add(span(span, service, resource));
      }
    }
    return spans;
  }

  private static ReceivedSpan span(Span span, String service, Map<String, Object> resource) {
    List<ReceivedSpan.Link> links = span.getLinksList().stream()
        .map(link -> new ReceivedSpan.Link(hex(link.getTraceId()), hex(link.getSpanId())))
        .toList();
    return new ReceivedSpan(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
        span.getName(), suffix(span.getKind().name(), "SPAN_KIND_"), service,
        span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
        suffix(span.getStatus().getCode().name(), "STATUS_CODE_"), span.getStatus().getMessage(),
        attributes(span.getAttributesList()), links, resource);
  }

  static List<ReceivedLog> logs(ExportLogsServiceRequest request) {
    List<ReceivedLog> logs = new ArrayList<>();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      String service = service(attributes(resourceLogs.getResource().getAttributesList()));
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord log : scopeLogs.getLogRecordsList()) {
          long time = log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
          logs.add(new ReceivedLog(time, severity(log), value(log.getBody()), attributes(log.getAttributesList()),
              hex(log.getTraceId()), hex(log.getSpanId()), service));
        }
      }
    }
    return logs;
  }

  private static String severity(LogRecord log) {
    if (!log.getSeverityText().isEmpty()) return log.getSeverityText();
    SeverityNumber number = log.getSeverityNumber();
    if (number == SeverityNumber.UNRECOGNIZED || number == SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED) return "";
    return suffix(number.name(), "SEVERITY_NUMBER_");
  }

  static String service(Map<String, Object> resource) {
    Object name = resource.get("service.name");
    return name == null || name.toString().isEmpty() ? UNKNOWN_SERVICE : name.toString();
  }

  /** In order; a repeated key keeps its last value. Null values are allowed, hence no {@code Map.copyOf}. */
  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    if (keyValues.isEmpty()) return Map.of();
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) map.put(kv.getKey(), value(kv.getValue()));
    return Collections.unmodifiableMap(map);
  }

  static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpDecoder::value).toList();
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      default -> null;
    };
  }

  static String hex(ByteString id) {
    return id.isEmpty() ? "" : HEX.formatHex(id.toByteArray());
  }

  private static String suffix(String enumName, String prefix) {
    return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
  }
}
