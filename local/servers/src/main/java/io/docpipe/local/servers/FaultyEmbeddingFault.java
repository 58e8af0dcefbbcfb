package io.docpipe.local.servers;

import java.time.Duration;

/**
 * One scripted answer of {@link FaultyEmbeddingServer}, for one request; see
 * {@link FaultyEmbeddingServer#script(FaultyEmbeddingFault...)}. Statically imported, a script reads
 * {@code script(status(503), throttle(2), ok())}.
 */
public sealed interface FaultyEmbeddingFault {
  /** A normal answer. */
  static FaultyEmbeddingFault ok() {
    return new Ok();
  }

  /** An error with this status and an error body, e.g. 503, 424 or 500 as from TEI, or 400, 413, 422. */
  static FaultyEmbeddingFault status(int code) {
    return new Status(code);
  }

  /** 429, with {@code Retry-After} unless {@code retryAfterSeconds} is null. */
  static FaultyEmbeddingFault throttle(Integer retryAfterSeconds) {
    return new Throttle(retryAfterSeconds);
  }

  /** A normal answer after {@code delay}: a slow but healthy server. */
  static FaultyEmbeddingFault delay(Duration delay) {
    return new Delay(delay);
  }

  /** No answer until the mode changes or the server closes; the connection is then closed. */
  static FaultyEmbeddingFault stall() {
    return new Stall();
  }

  /** The connection is closed without an answer, as when the server dies mid-request. */
  static FaultyEmbeddingFault drop() {
    return new Drop();
  }

  record Ok() implements FaultyEmbeddingFault {}

  record Status(int code) implements FaultyEmbeddingFault {
    public Status {
      if (code < 400 || code > 599) throw new IllegalArgumentException("code must be 400..599, was " + code);
    }
  }

  record Throttle(Integer retryAfterSeconds) implements FaultyEmbeddingFault {
    public Throttle {
      FaultyEmbeddingServer.Builder.checkRetryAfter(retryAfterSeconds);
    }
  }

  record Delay(Duration delay) implements FaultyEmbeddingFault {
    public Delay {
      if (delay == null || delay.isNegative()) throw new IllegalArgumentException("delay must be >= 0, was " + delay);
    }
  }

  record Stall() implements FaultyEmbeddingFault {}

  record Drop() implements FaultyEmbeddingFault {}
}
