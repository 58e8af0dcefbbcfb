package io.docpipe.shared.embedding;

import java.time.Duration;

/** The inference server did not return embeddings. {@link #kind()} says what the caller can do about it. */
public final class EmbeddingFailure extends RuntimeException {

  public enum Kind {
    /** Overloaded, failing or unreachable (429, 503, 424, 5xx, connect error, timeout): try again later. */
    TRANSIENT,
    /** The batch was too big (413, 422): split it and go on. */
    TOO_LARGE,
    /** The request itself is wrong (other 4xx, a malformed answer): retrying will not help. */
    PERMANENT,
    /** Not sent: the circuit breaker holds the server down; wait for it to close. */
    CIRCUIT_OPEN
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public EmbeddingFailure(Kind kind, int status, String message, Throwable cause) {
    this(kind, status, null, message, cause);
  }

  /** @param retryAfter the server's {@code Retry-After}, or how long the circuit stays open; null when unknown */
  public EmbeddingFailure(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** When trying again makes sense, or null when nobody said. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether this failure says the server is down (what the circuit breaker counts); a 429 says it is alive. */
  public boolean serverDown() {
    return kind == Kind.TRANSIENT && status != 429;
  }

  static Kind classify(int status) {
    if (status == 413 || status == 422) return Kind.TOO_LARGE;
    if (status == 429 || status == 424 || status >= 500) return Kind.TRANSIENT;
    return Kind.PERMANENT;
  }
}
