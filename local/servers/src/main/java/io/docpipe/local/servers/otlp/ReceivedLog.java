package io.docpipe.local.servers.otlp;

import java.util.Map;

/**
 * One log record as the receiver decoded it. Values follow {@link ReceivedSpan}'s rules.
 *
 * @param timestampEpochNanos when the event happened, or when it was observed if the emitter did not say
 * @param severity the severity text, or the name of the severity number (e.g. {@code INFO}, {@code WARN2}) when the
 *     emitter sent no text; empty when it sent neither
 * @param body usually a {@link String}; any value an attribute may hold
 * @param traceId lowercase hex, empty when the record was emitted outside a span
 * @param spanId lowercase hex, empty when the record was emitted outside a span
 * @param service the resource's {@code service.name}, or {@code unknown_service} when it has none
 */
public record ReceivedLog(
    long timestampEpochNanos,
    String severity,
    Object body,
    Map<String, Object> attributes,
    String traceId,
    String spanId,
    String service) {}
