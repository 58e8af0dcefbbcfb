package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.Await;
import io.docpipe.local.stack.PageServer.Refusal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A failed record comes back after a short, growing backoff, not after its queue's visibility timeout. The stack
 * keeps the production visibility timeout (six times the scraper's 60 s, so 360 s): any retry seen within a minute
 * was handed back early by the backoff (QUEUE_RETRY_BASE_SECONDS 2, QUEUE_RETRY_MAX_SECONDS 300, the defaults).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryBackoffTest {
  /** Far below the 360 s visibility timeout a retry took before; the target is seconds. */
  private static final Duration RETRY_SEEN = Duration.ofSeconds(30);
  private static final Duration JOB_ENDS = Duration.ofSeconds(120);
  /** Five receives of a page that never answers within the scraper's 1.5 s, with the backoff between them. */
  private static final Duration TIMEOUTS_EXHAUSTED = Duration.ofMinutes(5);

  private LocalStack stack;
  private PageServer pages;
  private StackClient client;

  @BeforeAll
  void start() throws Exception {
    Path state = Files.createDirectories(Path.of("target", "retry-backoff-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of(
        "SCRAPER_TIMEOUT_MS", "1500", "SCRAPER_CONNECT_TIMEOUT_MS", "1000")));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
  }

  @Test
  void pageAnswering500Once_isFetchedAgainInSeconds_andTheJobEndsDone() {
    String url = pages.addAfterRefusals("/flaky/500", html("flaky server error"), new Refusal(500, null));

    String jobId = client.submit(url, "retries");

    Await.until("the page to be requested again", RETRY_SEEN, () -> pages.hits("/flaky/500"), n -> n >= 2);
    JsonNode job = client.awaitEnded(jobId, JOB_ENDS);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("done");
    assertThat(pages.hits("/flaky/500")).isEqualTo(2);
  }

  @Test
  void pageAnswering429WithRetryAfter_isNotFetchedAgainBeforeIt_andTheJobEndsDone() {
    String url = pages.addAfterRefusals("/flaky/429", html("flaky throttled"), new Refusal(429, "2"));

    String jobId = client.submit(url, "retries");

    Await.until("the page to be requested again", RETRY_SEEN, () -> pages.hits("/flaky/429"), n -> n >= 2);
    JsonNode job = client.awaitEnded(jobId, JOB_ENDS);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("done");
    List<Long> requests = pages.requestNanos("/flaky/429");
    assertThat(requests).hasSize(2);
    assertThat(Duration.ofNanos(requests.get(1) - requests.get(0))).as("the second request, by the page server's clock")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void pageThatAlwaysTimesOut_failsWithTimeout_afterEveryReceive_inMinutesNotHalfAnHour() {
    byte[] body = html("never answers in time").getBytes(StandardCharsets.UTF_8);
    String url = pages.addSlow("/slow/always", "text/html", body, Duration.ofSeconds(10), 1000);

    String jobId = client.submit(url, "retries");

    JsonNode job = client.awaitEnded(jobId, TIMEOUTS_EXHAUSTED);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("failed");
    assertThat(job.path("failed_stage").asText()).isEqualTo("scraping");
    assertThat(job.path("error_code").asText()).isEqualTo("timeout");
    assertThat(pages.hits("/slow/always")).as("one fetch per receive (QUEUE_MAX_RECEIVE_COUNT 5)").isEqualTo(5);
  }

  private static String html(String words) {
    return "<html><head><title>" + words + "</title></head><body><main><h1>" + words + "</h1><p>This page about "
        + words + " is short, distinct and real enough to be scraped, chunked and embedded.</p></main></body></html>";
  }
}
