package io.docpipe.shared.telemetry;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.embedding.EmbeddingFailure;
import io.docpipe.shared.embedding.MeteredEmbeddingClient;
import io.docpipe.shared.lambda.JobFrame;
import io.docpipe.shared.lambda.StageStub;
import io.docpipe.shared.lambda.FakeLambdaContext;
import io.docpipe.shared.lambda.FrameEvents;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.FakeJobStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the telemetry to docs/otel-attributes.yaml: spans and log records of every kind the functions make are run
 * through the shared code paths (the frames, the job frame, TracedSpan, the metered embedding client, JobTraces, the log
 * routing), and no span, span event or OTLP log record may carry a key the file does not list.
 */
class AttributeVocabularyTest {
  private static final Logger LOG = LoggerFactory.getLogger(AttributeVocabularyTest.class);
  private static final Vocabulary VOCABULARY = Vocabulary.load();
  private static final Set<String> SPAN_KEYS =
      VOCABULARY.keys("span_and_log_attributes", "additions", "standard_span_attributes");
  private static final Set<String> LOG_KEYS = VOCABULARY.keys("span_and_log_attributes", "additions", "log_attributes");

  @Test
  void everySpanAttributesConstant_isApproved() throws IllegalAccessException {
    Set<String> declared = new TreeSet<>();
    for (Field f : SpanAttributes.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof AttributeKey<?> key) declared.add(key.getKey());
    }
    assertThat(declared).hasSizeGreaterThan(20);
    assertThat(SPAN_KEYS).containsAll(declared);
    assertThat(declared).as("the spec's vocabulary, all of it in code").containsAll(VOCABULARY.keys("span_and_log_attributes"));
  }

  @Test
  void everyLogFieldAndEvent_isListed_withItsOtlpKey() {
    Map<String, Object> fields = VOCABULARY.<Map<String, Object>>get("log_fields") == null ? Map.of()
        : VOCABULARY.section("log_fields");
    @SuppressWarnings("unchecked")
    Map<String, String> mapping = (Map<String, String>) fields.get("fields");
    for (LogField f : LogField.values()) {
      assertThat(mapping).as("log_fields.fields").containsEntry(f.json(), f.otlp());
      assertThat(LOG_KEYS).as("OTLP key of " + f).contains(f.otlp());
    }
    List<String> events = VOCABULARY.get("events");
    for (LogEvent e : LogEvent.values()) assertThat(events).contains(e.wire());
  }

  @Test
  void resourceAttributes_ofAFunctionInLambda_areListed() {
    Resource r = LambdaResource.from(Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME", "f",
        "AWS_LAMBDA_FUNCTION_VERSION", "1", "AWS_LAMBDA_LOG_STREAM_NAME", "s", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")), "api");
    InstanceResource stamped = new InstanceResource(r);
    stamped.arm();

    assertThat(VOCABULARY.keys("resource_attributes"))
        .containsAll(stamped.get().getAttributes().asMap().keySet().stream().map(AttributeKey::getKey).toList());
  }

  @Test
  void spansAndLogRecordsOfEveryKind_carryOnlyApprovedKeys() {
    TestTelemetry t = new TestTelemetry("vocabulary");
    LogRouting.register("vocabulary", t.sdk.getSdkLoggerProvider());
    Invocations invocations = new Invocations(t.telemetry);
    FakeLambdaContext lambda = new FakeLambdaContext("req-1", 30_000);

    invocations.invokeHttp(FrameEvents.http("POST /jobs", "/jobs", Map.of("x-request-id", "r1")), lambda, (e, inv) -> {
      try (TracedSpan span = TracedSpan.start(t.telemetry.tracer(), "submit job").job("j1", "https://example.com/a", "docs")
          .set(SpanAttributes.REQUEST_MODE, SpanAttributes.MODE_SYNC)) {
        EventLog.info(LOG, LogEvent.JOB_QUEUED).with(LogField.URL, "https://example.com/a").with(LogField.CORPUS_NAME, "docs")
            .with(LogField.REQUEST_MODE, "sync").log("queued");
      }
      return APIGatewayV2HTTPResponse.builder().withStatusCode(202).build();
    });
    invocations.invokeHttp(FrameEvents.http("POST /corpora/{corpus_name}/search", "/corpora/docs/search", Map.of()), lambda, (e, inv) -> {
      try (TracedSpan span = TracedSpan.start(t.telemetry.tracer(), "search").set(SpanAttributes.CORPUS_NAME, "docs")
          .set(SpanAttributes.SEARCH_TOP_K, 5L).set(SpanAttributes.JOB_STAGE, "read").set(SpanAttributes.OPERATION, "read")
          .set(SpanAttributes.EMBEDDING_MODEL, "bge").set(SpanAttributes.SEARCH_MODE, "hybrid")) {
        new MeteredEmbeddingClient(embeddings(null), t.telemetry, "read").embed(List.of("query"), inv);
        EventLog.info(LOG, LogEvent.SEARCH_COMPLETED).with(LogField.TOP_K, 5).with(LogField.SEARCH_MODE, "hybrid")
            .with(LogField.RESULTS, 5).log("searched");
      }
      return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
    });
    Map<String, Runnable> embedWork = Map.of(
        "j2", () -> {
          new MeteredEmbeddingClient(embeddings(null), t.telemetry, "write").embed(List.of("a", "b"), Invocation.UNBOUNDED);
          EventLog.info(LOG, LogEvent.PART_STORED).with(LogField.PART_INDEX, 0).with(LogField.PARTS_DONE, 1)
              .with(LogField.PARTS_TOTAL, 1).with(LogField.OPERATION, "write").log("stored");
        },
        "j4", () -> {
          try {
            new MeteredEmbeddingClient(embeddings(new EmbeddingFailure(EmbeddingFailure.Kind.TRANSIENT, 503, "down", null)),
                t.telemetry, "write").embed(List.of("a"), Invocation.UNBOUNDED);
          } catch (EmbeddingFailure e) {
            throw StageFailure.transientFailure("inference_unavailable", e.getMessage(), e);
          }
        });
    SQSEvent.SQSMessage broken = FrameEvents.record("broken", null);
    broken.setBody("not JSON");
    invocations.invokeJobs(FrameEvents.event(
            StageStub.carrying(FrameEvents.record("ok", null), "j2", "https://example.com/b", "docs"),
            StageStub.carrying(FrameEvents.record("transient", null), "j4", "https://example.com/d", "docs"), broken),
        lambda, new JobFrame<>(new FakeJobStore(), new StageStub(JobStatus.EMBEDDING, embedWork::get)));
    invocations.invokeJobs(
        FrameEvents.event(StageStub.carrying(FrameEvents.record("permanent", null), "j3", "https://example.com/c", "docs")),
        lambda, new JobFrame<>(new FakeJobStore(), StageStub.of(JobStatus.SCRAPING,
            () -> { throw StageFailure.permanent("http_404", "gone"); })));
    invocations.invokeScheduled(lambda, inv -> {
      try (Scope trace = JobTraces.continueTrace("4bf92f3577b34da6a3ce929d0e0e4736").makeCurrent();
          TracedSpan span = TracedSpan.start(t.telemetry.tracer(), "stuck job").job("j5", "https://example.com/e", "docs")
              .set(SpanAttributes.JOB_STAGE, "chunk")) {
        span.failJob(null, JobStatus.CHUNKING, "stuck");
        EventLog.warn(LOG, LogEvent.JOB_STUCK).with(LogField.FAILED_STAGE, "chunking").with(LogField.ERROR_CODE, "stuck")
            .with(LogField.REQUEUES, 3).cause(new IllegalStateException("with a stack trace")).log("stuck");
      }
      return null;
    });

    List<SpanData> spans = t.finished();
    assertThat(spans).extracting(SpanData::getKind).contains(SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.INTERNAL, SpanKind.CLIENT);
    for (SpanData span : spans) {
      assertThat(keys(span.getAttributes().asMap().keySet())).as("span " + span.getName()).isSubsetOf(SPAN_KEYS);
      for (EventData event : span.getEvents()) {
        assertThat(keys(event.getAttributes().asMap().keySet())).as("event of " + span.getName()).isSubsetOf(SPAN_KEYS);
      }
    }
    List<LogRecordData> logs = t.logs.getFinishedLogRecordItems();
    assertThat(logs).extracting(LogRecordData::getEventName).contains("job_queued", "inference_embed_complete", "job_failed",
        "embed_failed", "record_failed", "job_stuck");
    for (LogRecordData log : logs) {
      assertThat(keys(log.getAttributes().asMap().keySet())).as("log record " + log.getEventName()).isSubsetOf(LOG_KEYS);
    }
    assertThat(logs).filteredOn(l -> "job_failed".equals(l.getEventName())).singleElement()
        .satisfies(l -> assertThat(l.getAttributes().get(AttributeKey.stringKey("job.id"))).isEqualTo("j3"));
    assertThatThrownBy(() -> t.span("no such span")).isInstanceOf(AssertionError.class);
  }

  private static Set<String> keys(Set<AttributeKey<?>> keys) {
    Set<String> names = new TreeSet<>();
    keys.forEach(k -> names.add(k.getKey()));
    return names;
  }

  private static EmbeddingClient embeddings(EmbeddingFailure failure) {
    return new EmbeddingClient() {
      @Override
      public Embeddings embed(List<String> inputs, Invocation invocation) {
        if (failure != null) throw failure;
        return new Embeddings(inputs.stream().map(i -> new float[] {1f}).toList(), "bge", 7 * inputs.size());
      }

      @Override
      public String model() {
        return "bge";
      }
    };
  }
}
