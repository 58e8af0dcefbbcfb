package io.docpipe.shared;

import java.util.Map;

/**
 * Sends a stage message. Attributes carry context, never payload; implementations add the sender's trace context
 * ({@code traceparent}) to every message, so callers never need to.
 */
public interface QueueSender {
  void send(String queueUrl, String body, Map<String, String> attributes);

  default void send(String queueUrl, Object message) {
    send(queueUrl, Json.write(message), Map.of());
  }
}
