package io.docpipe.local.servers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock tests can move: the real time plus an offset that {@link #advance(Duration)} and {@link #set(Instant)}
 * change. Between moves it keeps running with the real clock, so deadlines and timeouts measured with it still pass;
 * one made by {@link #stoppedAt(Instant)} moves only when told, for tests whose answers depend on the time that passes.
 * Thread-safe; clocks made by {@link #withZone(ZoneId)} share the offset.
 */
public final class SettableClock extends Clock {
  private final Clock real;
  private final AtomicLong offsetNanos;
  private final ZoneId zone;

  /** Starts at the real now, in UTC. */
  public SettableClock() {
    this(Clock.systemUTC(), new AtomicLong(), ZoneOffset.UTC);
  }

  /** A clock at {@code start} that stands still between {@link #advance(Duration)} and {@link #set(Instant)}. */
  public static SettableClock stoppedAt(Instant start) {
    return new SettableClock(Clock.fixed(start, ZoneOffset.UTC), new AtomicLong(), ZoneOffset.UTC);
  }

  private SettableClock(Clock real, AtomicLong offsetNanos, ZoneId zone) {
    this.real = real;
    this.offsetNanos = offsetNanos;
    this.zone = zone;
  }

  /** Moves the clock by {@code amount} (negative moves it back); the real time keeps adding to it. */
  public void advance(Duration amount) {
    offsetNanos.addAndGet(amount.toNanos());
  }

  /** Makes now {@code instant}; the real time keeps adding to it. */
  public void set(Instant instant) {
    offsetNanos.set(Duration.between(real.instant(), instant).toNanos());
  }

  /** How far this clock is ahead of the real one (negative when behind). */
  public Duration offset() {
    return Duration.ofNanos(offsetNanos.get());
  }

  @Override
  public Instant instant() {
    return real.instant().plusNanos(offsetNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(this.zone) ? this : new SettableClock(real, offsetNanos, zone);
  }

  @Override
  public String toString() {
    return "SettableClock[" + instant() + ", offset " + offset() + "]";
  }
}
