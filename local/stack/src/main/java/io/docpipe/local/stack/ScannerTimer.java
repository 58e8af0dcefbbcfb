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

/** The EventBridge schedule of the stuck-job scanner: one invocation every {@code interval}, never two at once. */
final class ScannerTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScannerTimer.class);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "scanner-timer");
    t.setDaemon(true);
    return t;
  });
  private final Supplier<StuckJobScannerHandler> factory;
  private StuckJobScannerHandler handler;

  ScannerTimer(Supplier<StuckJobScannerHandler> factory, Duration interval) {
    this.factory = factory;
    timer.scheduleWithFixedDelay(this::fire, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs the scanner once now, as the schedule would; returns its summary. */
  synchronized Map<String, Integer> fire() {
    try {
      if (handler == null) handler = factory.get();
      ScheduledEvent event = new ScheduledEvent();
      event.setSource("aws.events");
      event.setDetailType("Scheduled Event");
      Map<String, Integer> summary = handler.handleRequest(event, new LocalContext("stuck-job-scanner", Duration.ofSeconds(60), 1024));
      if (summary.get("stuck") > 0) LOG.info("stuck-job scanner: {}", summary);
      return summary;
    } catch (RuntimeException e) {
      LOG.warn("stuck-job scanner failed: {}", e.toString());
      return Map.of();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
