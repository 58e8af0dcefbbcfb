package io.docpipe.shared.breaker;

import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.ProbeScheduler;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BreakerStore} that schedules the half-open probe whenever a transition into open wins: the opening (in the
 * embedder or search) and every failed probe's reopening. The winner of the conditional write is the only one, so
 * each open period has one probe on its way. A probe that cannot be scheduled is logged and left to the scanner.
 */
public final class ProbeSchedulingBreakerStore implements BreakerStore {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeSchedulingBreakerStore.class);

  private final BreakerStore delegate;
  private final ProbeScheduler probes;
  private final Duration openDuration;

  public ProbeSchedulingBreakerStore(BreakerStore delegate, ProbeScheduler probes, Duration openDuration) {
    this.delegate = delegate;
    this.probes = probes;
    this.openDuration = openDuration;
  }

  @Override
  public Breaker read() {
    return delegate.read();
  }

  @Override
  public boolean open(Instant now, String reason) {
    return scheduled(delegate.open(now, reason), now);
  }

  @Override
  public boolean halfOpen(Instant now, long generation) {
    return delegate.halfOpen(now, generation);
  }

  @Override
  public boolean close(Instant now, long generation) {
    return delegate.close(now, generation);
  }

  @Override
  public boolean reopen(Instant now, long generation, String reason) {
    return scheduled(delegate.reopen(now, generation, reason), now);
  }

  private boolean scheduled(boolean opened, Instant since) {
    if (!opened) return false;
    try {
      probes.schedule(since, openDuration);
    } catch (RuntimeException e) {
      LOG.warn("could not schedule the inference circuit's probe; the scanner will probe it: {}", e.toString());
    }
    return true;
  }
}
