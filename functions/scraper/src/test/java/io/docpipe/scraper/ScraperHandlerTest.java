package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.ScrapedDocument;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

/** The scraper handler fed events/scraper.json, fetching from a page server on this machine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScraperHandlerTest {
  /** The start of a real PNG (signature, IHDR of a 1x1 image, the start of IDAT), with no text/html tell but bytes. */
  private static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d494844520000000100000001"
      + "0806000000" + "1f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082");
  private FunctionEnvironment env;
  private AwsClients aws;
  private DynamoJobStore jobs;
  private ScraperHandler handler;
  private HttpServer site;

  @BeforeAll
  void setUp() throws Exception {
    env = FunctionEnvironment.forTest("scraper", 30);
    aws = env.clients();
    jobs = new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.systemUTC());
    handler = ScraperHandler.from(env.build(), Clock.systemUTC());
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    site.createContext("/article", ex -> {
      byte[] body = "<html><body><nav>menu</nav><article><h1>Tides</h1><p>The moon pulls the oceans.</p></article></body></html>"
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    site.createContext("/image-as-html", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, PNG.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(PNG);
      }
    });
    site.start();
  }

  @AfterAll
  void tearDown() {
    site.stop(0);
  }

  @Test
  void scrapeEvent_storesTheMainText_andSendsTheChunkMessage() {
    String jobId = queuedJob(url("/article"));
    SQSEvent event = eventFor(jobId, url("/article"));

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.SCRAPING);
    ScrapedDocument document = Json.read(aws.s3().getObjectAsBytes(b -> b.bucket(env.localResources().bucket())
        .key(BlobKeys.document(jobId))).asByteArray(), ScrapedDocument.class);
    assertThat(document.text()).isEqualTo("Tides\n\nThe moon pulls the oceans.");
    assertThat(document.title()).as("no <title>: the first <h1>").isEqualTo("Tides");
    assertThat(document.url()).isEqualTo(url("/article"));
    List<Message> sent = aws.sqs().receiveMessage(b -> b.queueUrl(env.localResources().queueUrls().get("chunk"))
        .maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
    assertThat(sent).hasSize(1);
    JsonNode chunk = Json.read(sent.get(0).body(), JsonNode.class);
    assertThat(chunk.get("job_id").asText()).isEqualTo(jobId);
    assertThat(chunk.get("document_key").asText()).isEqualTo(BlobKeys.document(jobId));
  }

  @Test
  void missingPage_failsTheJobInScraping_andAcksTheRecord() {
    String jobId = queuedJob(url("/gone"));

    SQSBatchResponse response = handler.handleRequest(eventFor(jobId, url("/gone")), null);

    assertThat(response.getBatchItemFailures()).as("a 404 is not worth a retry").isEmpty();
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.SCRAPING);
    assertThat(job.errorCode()).isEqualTo("http_404");
  }

  @Test
  void pngServedAsHtml_failsTheJobAsUnsupportedContentType_withoutARetry() {
    String jobId = queuedJob(url("/image-as-html"));

    SQSBatchResponse response = handler.handleRequest(eventFor(jobId, url("/image-as-html")), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.SCRAPING);
    assertThat(job.errorCode()).isEqualTo("unsupported_content_type");
  }

  @Test
  void metadataServiceUrl_failsTheJobInScraping_asBlocked_withoutARetry() {
    String url = "http://0xa9fea9fe/latest/meta-data/iam/security-credentials/";
    String jobId = queuedJob(url);

    SQSBatchResponse response = handler.handleRequest(eventFor(jobId, url), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.SCRAPING);
    assertThat(job.errorCode()).isEqualTo("blocked_address");
  }

  @Test
  void close_endsTheEnvironmentsTelemetryAndSdkThreads() throws Exception {
    Set<Thread> before = environmentThreads();
    Map<String, String> elsewhere = new HashMap<>(env.build());
    // Another queue takes this test's chunk message, so the test that counts them sees only its own.
    elsewhere.put("CHUNK_QUEUE_URL", env.localResources().queueUrls().get("embed"));
    ScraperHandler replaced = ScraperHandler.from(elsewhere, Clock.systemUTC());
    replaced.handleRequest(eventFor(queuedJob(url("/article")), url("/article")), null);
    Set<Thread> own = new HashSet<>(environmentThreads());
    own.removeAll(before);
    assertThat(own).as("the environment's telemetry threads").anyMatch(t -> t.getName().startsWith("otlp-"));
    assertThat(own).as("its AWS clients' timeout schedulers").anyMatch(t -> t.getName().startsWith("sdk-ScheduledExecutor"));

    replaced.close();

    Await.until("its telemetry and AWS SDK threads to end", Duration.ofSeconds(30),
        () -> own.stream().filter(Thread::isAlive).map(Thread::getName).toList(), List::isEmpty);
  }

  /**
   * The OpenTelemetry SDK's processor and reader threads, the OTLP senders', and the AWS SDK clients' call-timeout
   * schedulers.
   */
  private static Set<Thread> environmentThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("BatchSpanProcessor") || t.getName().startsWith("BatchLogRecordProcessor")
            || t.getName().startsWith("PeriodicMetricReader") || t.getName().startsWith("otlp-")
            || t.getName().startsWith("sdk-ScheduledExecutor"))
        .collect(Collectors.toSet());
  }

  @Test
  void loopbackHostsSetting_replacesTheOldFlag_andWithoutEitherALocalPageIsRefused() {
    Map<String, String> named = new HashMap<>(env.build());
    named.remove("SCRAPER_ALLOW_LOOPBACK");
    named.put("SCRAPER_ALLOW_LOOPBACK_HOSTS", "127.0.0.1");
    // Another queue takes this test's chunk message, so the test that counts them sees only its own.
    named.put("CHUNK_QUEUE_URL", env.localResources().queueUrls().get("embed"));
    Map<String, String> neither = new HashMap<>(named);
    neither.remove("SCRAPER_ALLOW_LOOPBACK_HOSTS");
    String allowed = queuedJob(url("/article"));
    String refused = queuedJob(url("/article"));

    ScraperHandler.from(named, Clock.systemUTC()).handleRequest(eventFor(allowed, url("/article")), null);
    ScraperHandler.from(neither, Clock.systemUTC()).handleRequest(eventFor(refused, url("/article")), null);

    assertThat(jobs.find(allowed).orElseThrow().status()).isEqualTo(JobStatus.SCRAPING);
    assertThat(jobs.find(refused).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.find(refused).orElseThrow().errorCode()).as("a random port is not 80 or 443").isEqualTo("blocked_port");
  }

  @Test
  void malformedRecord_isReportedAlone_andItsNeighbourStillProcessed() {
    String jobId = queuedJob(url("/article"));
    SQSEvent event = eventFor(jobId, url("/article"));
    SQSEvent.SQSMessage bad = new SQSEvent.SQSMessage();
    bad.setMessageId("bad-1");
    bad.setBody("{not json");
    event.setRecords(List.of(bad, event.getRecords().get(0)));

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("bad-1");
    assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.SCRAPING);
  }

  @Test
  void redeliveredMessage_forAJobAlreadyPastScraping_isDropped() {
    String jobId = queuedJob(url("/article"));
    handler.handleRequest(eventFor(jobId, url("/article")), null);
    jobs.begin(jobId, JobStatus.CHUNKING);

    SQSBatchResponse again = handler.handleRequest(eventFor(jobId, url("/article")), null);

    assertThat(again.getBatchItemFailures()).isEmpty();
    assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.CHUNKING);
  }

  private String queuedJob(String url) {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, url, "docs", Clock.systemUTC().instant(), null));
    return jobId;
  }

  private static SQSEvent eventFor(String jobId, String url) {
    SQSEvent event = EventFiles.load("scraper.json", SQSEvent.class);
    event.getRecords().get(0).setBody("{\"job_id\":\"" + jobId + "\",\"url\":\"" + url + "\",\"corpus_name\":\"docs\"}");
    return event;
  }

  private String url(String path) {
    return "http://127.0.0.1:" + site.getAddress().getPort() + path;
  }
}
