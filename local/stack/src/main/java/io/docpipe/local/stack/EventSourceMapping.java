package io.docpipe.local.stack;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS poller's event source mapping: its identity as the Lambda API shows it, and the switch that stops and
 * resumes receiving. The poller's workers receive only between {@link #beginReceive()} and {@link #endReceive()};
 * switching off waits for receives under way to return, so once {@link #setEnabled(boolean)} has returned no new
 * batch is taken from the queue (invocations already running finish normally).
 */
final class EventSourceMapping {
  private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);
  static final String ACCOUNT_PREFIX = "arn:aws:lambda:us-east-1:000000000000:";
  /** Longer than a receive's 1 s long poll plus the round trip. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  /** What a Get or List answers with, taken at one moment. */
  record State(boolean enabled, Instant lastModified) {}

  private final String uuid;
  private final String eventSourceArn;
  private final String functionName;
  private final int batchSize;
  private final Clock clock;
  private boolean enabled = true;
  private Instant lastModified;
  private int receiving;

  EventSourceMapping(String eventSourceArn, String functionName, int batchSize, Clock clock) {
    // Derived from what it connects rather than random, so `make run` keeps the same UUIDs across restarts.
    byte[] identity = (eventSourceArn + " -> " + functionName).getBytes(StandardCharsets.UTF_8);
    this.uuid = UUID.nameUUIDFromBytes(identity).toString();
    this.eventSourceArn = eventSourceArn;
    this.functionName = functionName;
    this.batchSize = batchSize;
    this.clock = clock;
    this.lastModified = clock.instant();
  }

  String uuid() {
    return uuid;
  }

  String eventSourceArn() {
    return eventSourceArn;
  }

  String functionName() {
    return functionName;
  }

  String functionArn() {
    return ACCOUNT_PREFIX + "function:" + functionName;
  }

  int batchSize() {
    return batchSize;
  }

  synchronized State state() {
    return new State(enabled, lastModified);
  }

  synchronized boolean enabled() {
    return enabled;
  }

  /** Switches consumption; switching off returns once no receive is under way any more. */
  synchronized void setEnabled(boolean enable) throws InterruptedException {
    if (enable != enabled) {
      enabled = enable;
      lastModified = clock.instant();
      notifyAll();
      LOG.info("event source mapping {} ({} -> {}) {}", uuid, eventSourceArn, functionName,
          enable ? "enabled" : "disabled");
    }
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (!enabled && receiving > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.warn("event source mapping {}: {} receive(s) still under way after {}", uuid, receiving, DRAIN_TIMEOUT);
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Blocks while the mapping is disabled, then counts one receive as under way. */
  synchronized void beginReceive() throws InterruptedException {
    while (!enabled) wait();
    receiving++;
  }

  synchronized void endReceive() {
    receiving--;
    notifyAll();
  }
}
