package io.docpipe.local.servers.otlp;

import io.docpipe.local.servers.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real telemetry from the OpenTelemetry SDK's OTLP/HTTP exporters, read back through the receiver's query API. */
class OtlpReceiverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long MS = 1_000_000;
  private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("job.id");
  private static final AttributeKey<String> JOB_STAGE = AttributeKey.stringKey("job.stage");

  private OtlpReceiver receiver;
  private ServiceSdk api;
  private ServiceSdk scraper;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start(0, null);
    api = ServiceSdk.start(receiver.endpoint(), "api", "1.4.2");
    scraper = ServiceSdk.start(receiver.endpoint(), "scraper", "2.0.0");
  }

  @AfterEach
  void stop() {
    api.close();
    scraper.close();
    receiver.close();
  }

  @Test
  void spans_acrossTwoServices_keepParentsLinksAttributesAndResource() {
    Trace trace = recordTrace();

    List<ReceivedSpan> spans = Await.until("5 spans", WAIT, () -> receiver.spans(trace.id), s -> s.size() == 5);

    Map<String, ReceivedSpan> byName =
        spans.stream().collect(Collectors.toMap(ReceivedSpan::name, Function.identity()));
    ReceivedSpan post = byName.get("POST /jobs");
    ReceivedSpan send = byName.get("ScrapeQueue send");
    ReceivedSpan scrape = byName.get("scrape");
    ReceivedSpan fetch = byName.get("GET");
    assertThat(post.parentSpanId()).isEmpty();
    assertThat(post.kind()).isEqualTo("SERVER");
    assertThat(post.service()).isEqualTo("api");
    assertThat(post.durationNanos()).isEqualTo(100 * MS);
    assertThat(send.parentSpanId()).isEqualTo(post.spanId());
    assertThat(scrape.parentSpanId()).isEqualTo(send.spanId());
    assertThat(scrape.links()).containsExactly(new ReceivedSpan.Link(trace.id, send.spanId()));
    assertThat(scrape.service()).isEqualTo("scraper");
    assertThat(scrape.kind()).isEqualTo("CONSUMER");
    assertThat(scrape.resourceAttributes())
        .containsEntry("service.name", "scraper")
        .containsEntry("service.version", "2.0.0")
        .containsEntry("telemetry.sdk.language", "java");
    assertThat(fetch.parentSpanId()).isEqualTo(scrape.spanId());
    assertThat(fetch.status()).isEqualTo("ERROR");
    assertThat(fetch.statusMessage()).isEqualTo("timeout");
    assertThat(fetch.attributes())
        .containsEntry("http.response.status_code", 504L)
        .containsEntry("retry", true)
        .containsEntry("backoff.factor", 1.5)
        .containsEntry("tags", List.of("a", "b"));
    assertThat(receiver.allSpans()).containsAll(spans);
    assertThat(receiver.spans(trace.id.toUpperCase())).hasSize(5);
    assertThat(receiver.requests(Signal.TRACES)).isPositive();
  }

  @Test
  void waterfall_ofATrace_nestsChildrenByStartAndShowsOrphansAsRoots() {
    Trace trace = recordTrace();
    Await.until("5 spans", WAIT, () -> receiver.spans(trace.id), s -> s.size() == 5);

    String waterfall = receiver.waterfall(trace.id);

    assertThat(waterfall).isEqualTo("""
        trace %s: 5 spans, 2 services, 100.0 ms
         0.0 ms  100.0 ms  |####################|  api: POST /jobs  job.id=job-1 http.route=/jobs
        10.0 ms    5.0 ms  |  #                 |    api: ScrapeQueue send  job.id=job-1
        20.0 ms   60.0 ms  |    ############    |      scraper: scrape  job.id=job-1 job.stage=scraping
        25.0 ms   50.0 ms  |     ##########     |        scraper: GET  http.response.status_code=504 ERROR: timeout
        85.0 ms   10.0 ms  |                 ## |  scraper: late message  (parent 00f067aa0ba902b7 not in trace)
        """.formatted(trace.id));
    System.out.print(waterfall);
  }

  @Test
  void waterfall_ofAnUnknownTrace_saysSo() {
    assertThat(receiver.waterfall("0af7651916cd43dd8448eb211c80319c"))
        .isEqualTo("trace 0af7651916cd43dd8448eb211c80319c: no spans received\n");
  }

  @Test
  void logs_emittedInsideASpan_carryItsIdsSeverityAndService() {
    Span span = api.tracer().spanBuilder("POST /jobs").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      api.logger().logRecordBuilder().setSeverity(Severity.WARN).setBody("queue slow")
          .setAttribute(JOB_ID, "job-7").emit();
      api.logger().logRecordBuilder().setSeverity(Severity.INFO).setSeverityText("INFO").setBody("job queued").emit();
    } finally {
      span.end();
    }
    api.logger().logRecordBuilder().setSeverity(Severity.ERROR).setBody("outside any span").emit();
    api.flush();

    List<ReceivedLog> logs = Await.until("3 logs", WAIT, receiver::logs, l -> l.size() == 3);

    String traceId = span.getSpanContext().getTraceId();
    String spanId = span.getSpanContext().getSpanId();
    assertThat(logs).extracting(ReceivedLog::severity, ReceivedLog::body, ReceivedLog::traceId, ReceivedLog::spanId)
        .containsExactlyInAnyOrder(
            tuple("WARN", "queue slow", traceId, spanId),
            tuple("INFO", "job queued", traceId, spanId),
            tuple("ERROR", "outside any span", "", ""));
    assertThat(logs).allSatisfy(log -> {
      assertThat(log.service()).isEqualTo("api");
      assertThat(log.timestampEpochNanos()).isPositive();
    });
    assertThat(logs).filteredOn(log -> "queue slow".equals(log.body()))
        .singleElement().satisfies(log -> assertThat(log.attributes()).containsEntry("job.id", "job-7"));
  }

  @Test
  void prometheusText_namesSeriesAsTheCollectorsTranslatorDoes() {
    LongCounter submitted = api.meter().counterBuilder("jobs_submitted").setUnit("1").build();
    submitted.add(3, Attributes.of(AttributeKey.stringKey("corpus_name"), "samples"));
    DoubleHistogram stageDuration = api.meter().histogramBuilder("job_stage_duration").setUnit("s")
        .setDescription("Time one stage took for one job")
        .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0, 5.0)).build();
    for (double seconds : new double[] {0.25, 0.75, 3.0}) {
      stageDuration.record(seconds, Attributes.of(JOB_STAGE, "scraping"));
    }
    api.meter().gaugeBuilder("queue_depth").ofLongs().setUnit("{message}")
        .buildWithCallback(m -> m.record(7, Attributes.of(AttributeKey.stringKey("queue"), "ScrapeQueue")));
    api.meter().counterBuilder("retries_total").build().add(2);
    api.meter().gaugeBuilder("cache.hit").setUnit("1").buildWithCallback(m -> m.record(0.5));
    LongUpDownCounter inFlight = api.meter().upDownCounterBuilder("jobs.in_flight").setUnit("{job}").build();
    inFlight.add(4);
    inFlight.add(-1);
    api.flush();

    String text = Await.until("the histogram", WAIT, receiver::prometheusText,
        t -> t.contains("job_stage_duration_seconds_count"));

    String labels = "instance=\"api-instance-1\",job=\"api\"";
    String version = "service_version=\"1.4.2\"";
    assertThat(text).contains(
        "# TYPE jobs_submitted_total counter\n",
        "jobs_submitted_total{corpus_name=\"samples\"," + labels + "," + version + "} 3\n",
        "# HELP job_stage_duration_seconds Time one stage took for one job\n",
        "# TYPE job_stage_duration_seconds histogram\n",
        "job_stage_duration_seconds_bucket{" + labels + ",job_stage=\"scraping\"," + version + ",le=\"0.1\"} 0\n",
        "job_stage_duration_seconds_bucket{" + labels + ",job_stage=\"scraping\"," + version + ",le=\"0.5\"} 1\n",
        "job_stage_duration_seconds_bucket{" + labels + ",job_stage=\"scraping\"," + version + ",le=\"1\"} 2\n",
        "job_stage_duration_seconds_bucket{" + labels + ",job_stage=\"scraping\"," + version + ",le=\"5\"} 3\n",
        "job_stage_duration_seconds_bucket{" + labels + ",job_stage=\"scraping\"," + version + ",le=\"+Inf\"} 3\n",
        "job_stage_duration_seconds_sum{" + labels + ",job_stage=\"scraping\"," + version + "} 4\n",
        "job_stage_duration_seconds_count{" + labels + ",job_stage=\"scraping\"," + version + "} 3\n",
        "# TYPE queue_depth gauge\n",
        "queue_depth{" + labels + ",queue=\"ScrapeQueue\"," + version + "} 7\n",
        "# TYPE retries_total counter\n",
        "retries_total{" + labels + "," + version + "} 2\n",
        "# TYPE cache_hit_ratio gauge\n",
        "# TYPE jobs_in_flight gauge\n",
        "jobs_in_flight{" + labels + "," + version + "} 3\n");
    assertThat(text).doesNotContain("retries_total_total", "jobs_submitted_1", "queue_depth_message");
    System.out.print(text);
  }

  @Test
  void prometheusText_keepsTheLatestCumulativeValue() {
    LongCounter submitted = api.meter().counterBuilder("jobs_submitted").build();
    submitted.add(1);
    api.flush();
    submitted.add(4);
    api.flush();

    Await.until("the second value", WAIT, receiver::prometheusText,
        t -> t.contains("jobs_submitted_total{instance=\"api-instance-1\",job=\"api\",service_version=\"1.4.2\"} 5\n"));

    assertThat(receiver.prometheusText()).containsOnlyOnce("jobs_submitted_total{");
  }

  /** What the scraper received a page for: an api request that queued a message, consumed in another service. */
  private Trace recordTrace() {
    long t0 = System.currentTimeMillis() * MS;
    Span post = api.tracer().spanBuilder("POST /jobs").setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
        .setAttribute("http.route", "/jobs").setAttribute(JOB_ID, "job-1").startSpan();
    Span send = api.tracer().spanBuilder("ScrapeQueue send").setSpanKind(SpanKind.PRODUCER)
        .setParent(Context.root().with(post)).setStartTimestamp(t0 + 10 * MS, TimeUnit.NANOSECONDS)
        .setAttribute(JOB_ID, "job-1").startSpan();
    send.end(t0 + 15 * MS, TimeUnit.NANOSECONDS);
    post.end(t0 + 100 * MS, TimeUnit.NANOSECONDS);

    Span scrape = scraper.tracer().spanBuilder("scrape").setSpanKind(SpanKind.CONSUMER)
        .setParent(Context.root().with(Span.wrap(send.getSpanContext()))).addLink(send.getSpanContext())
        .setStartTimestamp(t0 + 20 * MS, TimeUnit.NANOSECONDS)
        .setAttribute(JOB_ID, "job-1").setAttribute(JOB_STAGE, "scraping").startSpan();
    Span fetch = scraper.tracer().spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(scrape)).setStartTimestamp(t0 + 25 * MS, TimeUnit.NANOSECONDS)
        .setAttribute("http.response.status_code", 504L).setAttribute("retry", true)
        .setAttribute("backoff.factor", 1.5)
        .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b")).startSpan();
    fetch.setStatus(StatusCode.ERROR, "timeout");
    fetch.end(t0 + 75 * MS, TimeUnit.NANOSECONDS);
    scrape.end(t0 + 80 * MS, TimeUnit.NANOSECONDS);
    // A redelivered message whose producer span was never exported: its parent is missing from the trace.
    SpanContext missingParent = SpanContext.createFromRemoteParent(post.getSpanContext().getTraceId(),
        "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
    scraper.tracer().spanBuilder("late message").setParent(Context.root().with(Span.wrap(missingParent)))
        .setStartTimestamp(t0 + 85 * MS, TimeUnit.NANOSECONDS).startSpan().end(t0 + 95 * MS, TimeUnit.NANOSECONDS);
    api.flush();
    scraper.flush();
    return new Trace(post.getSpanContext().getTraceId());
  }

  private record Trace(String id) {}
}
