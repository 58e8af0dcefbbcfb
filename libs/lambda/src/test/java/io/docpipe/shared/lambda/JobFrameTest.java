package io.docpipe.shared.lambda;

import io.docpipe.shared.Invocation;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Outbox;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.TestTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobFrameTest {
  private final TestTelemetry t = new TestTelemetry("scraper");
  private final FakeJobStore jobs = new FakeJobStore();

  @Test
  void run_success_isAScrapeSpanWithTheJob_andCountsTheStageDuration() {
    assertThat(run("j1", "https://example.com/a", "docs", Invocation.UNBOUNDED, () -> {})).isTrue();
    t.telemetry.flush();

    SpanData span = t.span("scrape");
    assertThat(span.getAttributes().get(SpanAttributes.JOB_ID)).isEqualTo("j1");
    assertThat(span.getAttributes().get(SpanAttributes.JOB_URL)).isEqualTo("https://example.com/a");
    assertThat(span.getAttributes().get(SpanAttributes.JOB_STAGE)).isEqualTo("scrape");
    assertThat(span.getAttributes().get(SpanAttributes.CORPUS_NAME)).isEqualTo("docs");
    assertThat(span.getAttributes().get(SpanAttributes.REQUEST_MODE)).isEqualTo("async");
    assertThat(t.histogramCount(PipelineMetrics.JOB_STAGE_DURATION, Attributes.of(stringKey("stage"), "scraping"))).isEqualTo(1);
  }

  @Test
  void run_permanentFailure_failsTheJob_marksTheSpan_andCountsItOnce() {
    boolean result = run("j2", "https://example.com/gone", "docs", Invocation.UNBOUNDED, () -> {
      throw StageFailure.permanent("http_404", "site answered 404");
    });
    run("j2", "https://example.com/gone", "docs", Invocation.UNBOUNDED, () -> {
      throw StageFailure.permanent("http_404", "redelivered; the job has already ended");
    });
    t.telemetry.flush();

    assertThat(result).isFalse();
    assertThat(jobs.failed).containsExactly("j2:scraping:http_404", "j2:scraping:http_404");
    SpanData span = t.span("scrape");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(SpanAttributes.FAILED_STAGE)).isEqualTo("scraping");
    assertThat(t.counter(PipelineMetrics.JOBS_FAILED, Attributes.of(stringKey("failed_stage"), "scraping"))).isEqualTo(1);
    assertThat(t.counter(PipelineMetrics.JOBS_COMPLETED, Attributes.of(stringKey("status"), "failed"))).isEqualTo(1);
  }

  @Test
  void run_transientFailure_propagates_andDoesNotEndTheJob() {
    assertThatThrownBy(() -> run("j3", "https://example.com/slow", "docs", Invocation.UNBOUNDED, () -> {
      throw StageFailure.transientFailure("timeout", "fetch took too long", null);
    })).isInstanceOf(StageFailure.class);
    t.telemetry.flush();

    assertThat(jobs.failed).isEmpty();
    assertThat(t.span("scrape").getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("timeout");
    assertThat(t.counter(PipelineMetrics.JOBS_FAILED, Attributes.of(stringKey("failed_stage"), "scraping"))).isZero();
  }

  @Test
  void run_jobNotWaitingForTheStage_dropsTheMessage_withoutWork() {
    jobs.skip = true;
    List<String> ran = new ArrayList<>();

    assertThat(run("j4", "https://example.com/a", "docs", Invocation.UNBOUNDED, () -> ran.add("work"))).isFalse();
    assertThat(ran).isEmpty();
  }

  /** The frame's run of one message, in the record scope the SQS frame would have opened. */
  private boolean run(String jobId, String url, String corpusName, Invocation invocation, Runnable work) {
    JobFrame<StageStub.Message> frame = new JobFrame<>(jobs, StageStub.of(JobStatus.SCRAPING, work));
    try (FrameHook.RecordScope scope =
        new TelemetryRecordScope(t.telemetry, FrameEvents.record("m1", null), io.opentelemetry.context.Context.root(),
            "docpipe-dev-scrape", new Outbox())) {
      return frame.run(new StageStub.Message(jobId, url, corpusName), invocation, scope);
    }
  }
}
