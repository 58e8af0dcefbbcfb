package io.docpipe.stuckjobscanner;

import io.docpipe.shared.QueueDepths;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples queue_depth{queue,stage} and dlq_depth{queue} once per scanner run, from the queues' own counts. Lambda
 * has no process that could observe the queues continuously; the scanner's schedule (5 minutes) is the resolution.
 * A queue that cannot be read is skipped for this run and logged; the scan itself goes on.
 */
final class QueueGauges {
  private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);

  private final QueueDepths depths;
  private final Metrics metrics;

  QueueGauges(QueueDepths depths, Metrics metrics) {
    this.depths = depths;
    this.metrics = metrics;
  }

  void sample(Map<String, String> queues, Map<String, String> dlqs) {
    queues.forEach((stage, url) -> {
      Long depth = depth(url);
      if (depth != null) metrics.set(PipelineMetrics.QUEUE_DEPTH, depth, QueueDepths.nameOf(url), stage);
    });
    dlqs.values().forEach(url -> {
      Long depth = depth(url);
      if (depth != null) metrics.set(PipelineMetrics.DLQ_DEPTH, depth, QueueDepths.nameOf(url));
    });
  }

  private Long depth(String url) {
    try {
      return depths.depth(url);
    } catch (RuntimeException e) {
      EventLog.warn(LOG, LogEvent.QUEUE_DEPTH_FAILED).with(LogField.QUEUE, QueueDepths.nameOf(url)).with(LogField.ERROR, e.toString())
          .log("could not read the depth of {}: {}", QueueDepths.nameOf(url), e.toString());
      return null;
    }
  }
}
