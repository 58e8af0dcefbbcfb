package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.docpipe.stuckjobscanner.StuckJobScannerHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EventBridge schedule of the stuck-job scanner: one invocation every {@code interval}, never two at once. The
 * handler instance is created on first use and kept, as a warm Lambda environment is.
 */
final class ScannerTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScannerTimer.class);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "scanner-timer");
    t.setDaemon(true);
    return t;
  });
  private final Supplier<StuckJobScannerHandler> factory;
  private StuckJobScannerHandler handler;
  private int runs;

  ScannerTimer(Supplier<StuckJobScannerHandler> factory, Duration interval) {
    this.factory = factory;
    timer.scheduleWithFixedDelay(this::fire, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs the scanner once now, as the schedule would, and returns its summary; what the handler throws propagates. */
  synchronized Map<String, Integer> invoke() {
    if (handler == null) handler = factory.get();
    runs++;
    ScheduledEvent event = new ScheduledEvent();
    event.setSource("aws.events");
    event.setDetailType("Scheduled Event");
    return handler.handleRequest(event, new LocalContext("stuck-job-scanner", Duration.ofSeconds(60), 1024));
  }

  synchronized int runs() {
    return runs;
  }

  private void fire() {
    try {
      Map<String, Integer> summary = invoke();
      if (summary.get("stuck") > 0) LOG.info("stuck-job scanner: {}", summary);
    } catch (RuntimeException e) {
      LOG.warn("stuck-job scanner failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
