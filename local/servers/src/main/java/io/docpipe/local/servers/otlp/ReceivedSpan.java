package io.docpipe.local.servers.otlp;

import java.util.List;
import java.util.Map;

/**
 * One span as the receiver decoded it. Ids are lowercase hex; {@code parentSpanId} is empty for a root span. Attribute
 * values are {@link String}, {@link Boolean}, {@link Long}, {@link Double}, {@code List} or {@code Map} of those, bytes
 * as base64 text, or null for an empty value.
 *
 * @param kind {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER} or
 *     {@code UNSPECIFIED}
 * @param service the resource's {@code service.name}, or {@code unknown_service} when it has none
 * @param status {@code UNSET}, {@code OK} or {@code ERROR}
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    String service,
    long startEpochNanos,
    long endEpochNanos,
    String status,
    String statusMessage,
    Map<String, Object> attributes,
    List<Link> links,
    Map<String, Object> resourceAttributes) {

  /** A link to another span, e.g. from an SQS consumer's span to the producer's span of the message. */
  public record Link(String traceId, String spanId) {}

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }
}
