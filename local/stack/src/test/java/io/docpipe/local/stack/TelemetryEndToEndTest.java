package io.docpipe.local.stack;

import io.docpipe.local.servers.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.otlp.OtlpReceiver;
import io.docpipe.local.servers.otlp.ReceivedLog;
import io.docpipe.local.servers.otlp.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Telemetry through the local stack, as Grafana would see it: one trace per job across the queues, logs that carry
 * the trace, metrics under their Prometheus names, and jobs that still complete when the collector is down or hangs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryEndToEndTest {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

  private LocalStack stack;
  private PageServer pages;
  private StackClient client;

  @BeforeAll
  void start() throws Exception {
    Path state = Files.createDirectories(Path.of("target", "telemetry-e2e-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of("CHUNK_MAX_TOKENS", "64", "CHUNK_OVERLAP_TOKENS", "8", "CHUNKS_PER_PART", "2")));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
  }

  @Test
  void oneJob_isOneTrace_fromTheApiThroughEveryStage() {
    String url = pages.add("/traced", page("Glaciers carve fjords over thousands of years as the ice grinds the rock. "
        + "Meltwater carries the sediment to the sea, where it settles in layers."));
    String jobId = client.submit(url, "telemetry");
    JsonNode job = client.awaitEnded(jobId, JOB_TIMEOUT);
    assertThat(job.path("status").asText()).isEqualTo("done");
    String traceId = job.path("trace_id").asText();
    assertThat(traceId).matches("[0-9a-f]{32}");

    OtlpReceiver receiver = stack.telemetry();
    List<ReceivedSpan> spans = Await.until("spans of every stage in trace " + traceId, Duration.ofSeconds(60),
        () -> receiver.spans(traceId), s -> services(s).containsAll(Set.of("api", "scraper", "chunker", "embedder")));
    System.out.println(receiver.waterfall(traceId));

    Map<String, ReceivedSpan> byId = spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s, (a, b) -> a));
    for (String stage : List.of("scraper", "chunker", "embedder")) {
      ReceivedSpan record = spans.stream()
          .filter(s -> s.service().equals(stage) && jobId.equals(s.attributes().get("job.id")) && byId.containsKey(s.parentSpanId()))
          .filter(s -> !byId.get(s.parentSpanId()).service().equals(stage))
          .findFirst().orElseThrow(() -> new AssertionError("no " + stage + " span parented across the queue"));
      assertThat(record.attributes()).containsKeys("job.id", "job.url", "job.stage", "queue.name", "corpus.name");
      assertThat(record.attributes().get("job.url")).isEqualTo(url);
    }
    Set<String> approved = approvedSpanKeys();
    assertThat(spans).allSatisfy(s -> assertThat(approved).as("approved keys of span %s/%s", s.service(), s.name())
        .containsAll(s.attributes().keySet()));
    ReceivedSpan api = spans.stream().filter(s -> s.service().equals("api") && s.parentSpanId().isEmpty()).findFirst().orElseThrow();
    assertThat(api.attributes()).containsEntry("http.route", "/jobs").containsKey("http.request_id");
  }

  @Test
  void everyLogLineOfAJob_carriesItsTraceId() {
    String jobId = client.submit(pages.add("/logged", page("Coral reefs are built by colonies of tiny animals.")), "telemetry");
    String traceId = client.awaitEnded(jobId, JOB_TIMEOUT).path("trace_id").asText();
    List<ReceivedLog> logs = Await.until("logs of job " + jobId, Duration.ofSeconds(60),
        () -> stack.telemetry().logs().stream().filter(l -> jobId.equals(l.attributes().get("job.id"))).toList(),
        l -> l.stream().map(ReceivedLog::service).collect(Collectors.toSet()).containsAll(Set.of("api", "scraper", "embedder")));
    assertThat(logs).allSatisfy(l -> assertThat(l.traceId()).isEqualTo(traceId));
  }

  @Test
  void metrics_arriveUnderTheirPrometheusNames_withTheirLabels() {
    String jobId = client.submit(pages.add("/metered", page("Owls hunt at night using sharp hearing.")), "telemetry");
    client.awaitEnded(jobId, JOB_TIMEOUT);
    client.post("/corpora/telemetry/search", "{\"query\":\"night hunting birds\",\"top_k\":1}");
    String text = Await.until("the pipeline's metrics", Duration.ofSeconds(60), () -> client.getText("/_local/metrics"),
        t -> t.contains("embedding_request_duration_seconds_count{") && t.contains("operation=\"read\""));
    assertThat(text).contains("jobs_submitted_total", "job_stage_duration_seconds_bucket{", "stage=\"scraping\"",
        "job_end_to_end_duration_seconds_count", "chunks_produced_total", "embedding_tokens_processed_total",
        "embeddings_stored_total", "operation=\"write\"", "http_requests_total{", "path=\"/jobs\"", "status_code=\"202\"",
        "vector_db_search_duration_seconds", "search_results_returned", "corpus_read_requests_total");
  }

  @Test
  void jobsStillComplete_whenTheCollectorIsDownOrHangs() {
    try {
      for (io.docpipe.local.servers.otlp.Mode mode : List.of(io.docpipe.local.servers.otlp.Mode.REFUSE,
          io.docpipe.local.servers.otlp.Mode.HANG)) {
        stack.telemetry().setMode(mode);
        String jobId = client.submit(pages.add("/dark-" + mode, page("Bats navigate by echolocation in the dark.")), "telemetry");
        assertThat(client.awaitEnded(jobId, JOB_TIMEOUT).path("status").asText()).as("collector %s", mode).isEqualTo("done");
      }
    } finally {
      stack.telemetry().setMode(io.docpipe.local.servers.otlp.Mode.NORMAL);
    }
  }

  /** The span keys docs/otel-attributes.yaml approves: the spec's vocabulary plus the standard keys listed there. */
  @SuppressWarnings("unchecked")
  private static Set<String> approvedSpanKeys() {
    Path yaml = repoRoot().resolve("docs/otel-attributes.yaml");
    try (var in = Files.newBufferedReader(yaml)) {
      Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(in);
      Set<String> keys = new java.util.HashSet<>();
      for (String section : List.of("span_and_log_attributes", "standard_span_attributes")) {
        Object entries = doc.get(section);
        if (entries instanceof Map<?, ?> m) m.keySet().forEach(k -> keys.add(String.valueOf(k)));
      }
      return keys;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path repoRoot() {
    String root = System.getProperty("docpipe.repo.root");
    return root == null ? Path.of("../..").toAbsolutePath().normalize() : Path.of(root);
  }

  private static Set<String> services(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
  }

  private static String page(String text) {
    return "<html><body><main><h1>Page</h1><p>" + text + "</p></main></body></html>";
  }
}
