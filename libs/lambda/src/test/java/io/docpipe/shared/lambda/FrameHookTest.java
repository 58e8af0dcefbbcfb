package io.docpipe.shared.lambda;

import static io.docpipe.shared.lambda.FrameEvents.event;
import static io.docpipe.shared.lambda.FrameEvents.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Messages.JobMessage;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.Redelivery;
import io.docpipe.shared.RedeliveryBackoff;
import io.docpipe.shared.StageFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boundary between the frame and its telemetry: what the frame reports to the hook, and in which order. */
class FrameHookTest {
  private final RecordingHook hook = new RecordingHook();
  private final FakeJobStore jobs = new FakeJobStore();
  private final Invocations invocations =
      new Invocations(hook, "scraper", Redelivery.NONE, 5, RedeliveryBackoff.DEFAULT);

  @Test
  void invokeJobs_reportsBeginRecordJobEnd_thenFlushesLast() {
    SQSBatchResponse response = invocations.invokeJobs(event(job("m1")), new FakeLambdaContext("r1", 30_000),
        new JobFrame<>(jobs, StageStub.of(JobStatus.SCRAPING, () -> {})));

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(hook.calls).containsExactly("begin SqsStart docpipe-dev-scrape", "record m1", "job j1 scraping",
        "job succeeded", "job close", "record close", "invocation close", "flush");
  }

  @Test
  void invokeJobs_permanentFailure_isTheJobsStory_andTheRecordIsDone() {
    SQSBatchResponse response = invocations.invokeJobs(event(job("m1")), null,
        new JobFrame<>(jobs, StageStub.of(JobStatus.SCRAPING, () -> {
          throw StageFailure.permanent("http_404", "gone");
        })));

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(jobs.failed).containsExactly("j1:scraping:http_404");
    assertThat(hook.calls).containsSubsequence("job failing http_404", "job failed http_404 ended", "job close",
        "record close", "invocation close", "flush");
  }

  @Test
  void invokeSqs_aRecordThatThrows_isReportedFailed_insideItsScope() {
    SQSBatchResponse response = invocations.invokeSqs(event(record("m1", null), record("m2", null)), null,
        (r, invocation) -> {
          if (r.getMessageId().equals("m1")) throw new IllegalStateException("bad");
        });

    assertThat(response.getBatchItemFailures()).singleElement()
        .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("m1"));
    assertThat(hook.calls).containsExactly("begin SqsStart docpipe-dev-scrape", "record m1",
        "record failed IllegalStateException", "record close", "record m2", "record close", "invocation close", "flush");
  }

  @Test
  void invokeScheduled_workThatThrows_isReportedFailed_andTheFlushStillRuns() {
    assertThatThrownBy(() -> invocations.invokeScheduled(null, inv -> {
      throw new IllegalStateException("broken");
    })).isInstanceOf(IllegalStateException.class).hasMessage("broken");

    assertThat(hook.calls).containsExactly("begin OtherStart scraper schedule", "invocation failed IllegalStateException",
        "invocation close", "flush");
  }

  @Test
  void invokeScheduled_flushBudget_isTheTimeLeft_lessTheMargin() {
    invocations.invokeScheduled(new FakeLambdaContext("r1", 5_000), inv -> "ok");

    assertThat(hook.budgets).singleElement().isEqualTo(5_000 - Invocations.DEADLINE_MARGIN_MILLIS);
  }

  private static SQSEvent.SQSMessage job(String messageId) {
    return StageStub.carrying(record(messageId, null), "j1", "https://example.com", "docs");
  }

  /** Writes down every call, and opens scopes that write down theirs. */
  private static final class RecordingHook implements FrameHook {
    final List<String> calls = new ArrayList<>();
    final List<Long> budgets = new ArrayList<>();

    @Override
    public InvocationScope begin(Start start, Context lambda) {
      String name = switch (start) {
        case SqsStart sqs -> sqs.queue();
        case HttpStart http -> http.method();
        case OtherStart other -> other.name();
      };
      calls.add("begin " + start.getClass().getSimpleName() + " " + name);
      return new InvocationScope() {
        @Override
        public RecordScope record(SQSEvent.SQSMessage record, String queue, Outbox outbox) {
          calls.add("record " + record.getMessageId());
          return new RecordingRecord();
        }

        @Override public void unsent(String messageId, String queue) { calls.add("unsent " + messageId); }
        @Override public void responded(int status) { calls.add("responded " + status); }
        @Override public void failed(Throwable error) { calls.add("invocation failed " + error.getClass().getSimpleName()); }
        @Override public void close() { calls.add("invocation close"); }
      };
    }

    @Override
    public void flush(long budgetMillis) {
      calls.add("flush");
      budgets.add(budgetMillis);
    }

    private final class RecordingRecord implements RecordScope {
      @Override public void requeued(StageFailure deferred) { calls.add("record requeued " + deferred.errorCode()); }
      @Override public void failed(Exception error) { calls.add("record failed " + error.getClass().getSimpleName()); }
      @Override public void close() { calls.add("record close"); }

      @Override
      public JobScope job(JobMessage job, JobStatus stage) {
        calls.add("job " + job.jobId() + " " + stage.wire());
        return new JobScope() {
          @Override public void dropped() { calls.add("job dropped"); }
          @Override public void succeeded(long startNanos) { calls.add("job succeeded"); }
          @Override public void deferred(StageFailure f, Invocation i) { calls.add("job deferred " + f.errorCode()); }
          @Override public void retried(RuntimeException e, Invocation i) { calls.add("job retried"); }
          @Override public void failing(RuntimeException e, String code) { calls.add("job failing " + code); }

          @Override
          public void failed(RuntimeException e, String code, boolean ended, Invocation i) {
            calls.add("job failed " + code + (ended ? " ended" : ""));
          }

          @Override public void close() { calls.add("job close"); }
        };
      }
    }
  }
}
