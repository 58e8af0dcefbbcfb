package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes an SQS batch record by record and reports only the records that failed, so one bad record never sends
 * its neighbours back to the queue. Needs {@code FunctionResponseTypes: [ReportBatchItemFailures]} on the event
 * source mapping; see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
public final class SqsBatch {
  private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

  /** Work for one record; throwing returns the record to its queue. */
  @FunctionalInterface
  public interface RecordHandler {
    void handle(SQSEvent.SQSMessage message) throws Exception;
  }

  private SqsBatch() {}

  public static SQSBatchResponse process(SQSEvent event, RecordHandler handler) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
    for (SQSEvent.SQSMessage record : records) {
      try {
        handler.handle(record);
      } catch (Exception e) {
        LOG.warn("record {} returned to its queue: {}", record.getMessageId(), e.toString());
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
