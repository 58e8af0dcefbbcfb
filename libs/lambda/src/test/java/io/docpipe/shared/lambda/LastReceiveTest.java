package io.docpipe.shared.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.telemetry.TestTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a stage failure leaves the queue: back with the queue's visibility timeout, back after a chosen delay, as a
 * fresh copy that uses up no receive, or (on the last receive) with its job failed first so nothing waits on a
 * message in the DLQ.
 */
class LastReceiveTest {
  private final TestTelemetry t = new TestTelemetry("embedder");
  private final FakeJobStore jobs = new FakeJobStore();
  private final List<String> handedBack = new ArrayList<>();
  private final Invocations invocations = new Invocations(t.telemetry, new Redelivery() {
    @Override
    public boolean delay(SQSEvent.SQSMessage record, Duration delay) {
      return handedBack.add("delay " + record.getMessageId() + " " + delay.toSeconds());
    }

    @Override
    public boolean requeue(SQSEvent.SQSMessage record, Duration delay) {
      return handedBack.add("requeue " + record.getMessageId() + " " + delay.toSeconds());
    }
  }, 5);

  @Test
  void transientFailure_beforeTheLastReceive_returnsTheRecord_withABackoffForItsReceiveCount_andLeavesTheJobActive() {
    SQSBatchResponse response = invoke(record("m1", 4), StageFailure.transientFailure("inference_unavailable", "503", null));

    assertThat(failedIds(response)).containsExactly("m1");
    assertThat(jobs.failed).isEmpty();
    // The default backoff after a 4th receive: full jitter under 2 s * 2^3, not the queue's visibility timeout.
    assertThat(handedBack).singleElement().satisfies(line -> {
      assertThat(line).startsWith("delay m1 ");
      assertThat(Long.parseLong(line.substring("delay m1 ".length()))).isBetween(0L, 16L);
    });
  }

  @Test
  void untypedException_beforeTheLastReceive_isBackedOff_andLeavesTheJobActive() {
    SQSBatchResponse response = invocations.invokeJobs(event(record("m7", 1)), null, frame(() -> {
      throw new IllegalStateException("a bug");
    }));

    assertThat(failedIds(response)).containsExactly("m7");
    assertThat(jobs.failed).isEmpty();
    assertThat(handedBack).singleElement().satisfies(line -> assertThat(line).matches("delay m7 [0-2]"));
  }

  @Test
  void untypedException_onTheLastReceive_failsTheJobWithInternalError_thenLetsTheRecordGoToTheDlq() {
    SQSBatchResponse response = invocations.invokeJobs(event(record("m8", 5)), null, frame(() -> {
      throw new IllegalStateException("a bug");
    }));

    assertThat(failedIds(response)).containsExactly("m8");
    assertThat(jobs.failed).containsExactly("j:embedding:internal_error");
  }

  @Test
  void transientFailure_onTheLastReceive_failsTheJob_thenLetsTheRecordGoToTheDlq() {
    SQSBatchResponse response = invoke(record("m2", 5), StageFailure.transientFailure("inference_unavailable", "503", null));

    assertThat(failedIds(response)).as("reported failed, so SQS moves it to the DLQ").containsExactly("m2");
    assertThat(jobs.failed).containsExactly("j:embedding:inference_unavailable");
  }

  @Test
  void retryLater_setsTheRecordsVisibilityToTheBackoff() {
    SQSBatchResponse response = invoke(record("m3", 1),
        StageFailure.retryLater("inference_unavailable", "429", Duration.ofSeconds(7), null));

    assertThat(failedIds(response)).containsExactly("m3");
    assertThat(handedBack).containsExactly("delay m3 7");
  }

  @Test
  void deferred_onTheLastReceive_isRequeuedAsAFreshCopy_andNeverFailsTheJob() {
    SQSBatchResponse response = invoke(record("m4", 5),
        StageFailure.deferred("inference_circuit_open", "circuit open", Duration.ofSeconds(60)));

    assertThat(failedIds(response)).as("the original is done: its copy waits in the queue").isEmpty();
    assertThat(handedBack).containsExactly("requeue m4 60");
    assertThat(jobs.failed).isEmpty();
  }

  @Test
  void deferred_whoseCopyCouldNotBeSent_keepsTheOriginal() {
    Invocations noCopies = new Invocations(t.telemetry, Redelivery.NONE, 5);
    SQSBatchResponse response = noCopies.invokeJobs(event(record("m5", 2)), null, frame(() -> {
      throw StageFailure.deferred("inference_circuit_open", "circuit open", Duration.ofSeconds(60));
    }));

    assertThat(failedIds(response)).containsExactly("m5");
    assertThat(jobs.failed).isEmpty();
  }

  @Test
  void permanentFailure_isNotReturned_whateverTheReceiveCount() {
    SQSBatchResponse response = invoke(record("m6", 1), StageFailure.permanent("inference_rejected", "400"));

    assertThat(failedIds(response)).isEmpty();
    assertThat(jobs.failed).containsExactly("j:embedding:inference_rejected");
  }

  private SQSBatchResponse invoke(SQSEvent.SQSMessage record, StageFailure failure) {
    return invocations.invokeJobs(event(record), null, frame(() -> {
      throw failure;
    }));
  }

  private JobFrame<StageStub.Message> frame(Runnable work) {
    return new JobFrame<>(jobs, StageStub.of(JobStatus.EMBEDDING, work));
  }

  private static SQSEvent.SQSMessage record(String id, int receiveCount) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(id);
    record.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:docpipe-dev-embed");
    StageStub.carrying(record, "j", "https://example.com", "docs");
    record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
    return record;
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
  }

  private static SQSEvent event(SQSEvent.SQSMessage record) {
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(record));
    return event;
  }
}
