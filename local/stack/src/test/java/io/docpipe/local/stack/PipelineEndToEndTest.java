package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.snapstart.SnapStartHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole pipeline through the local stack, as a client sees it: pages served on this machine are submitted with
 * {@code POST /jobs}, polled to {@code done}, and found by search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

  private LocalStack stack;
  private PageServer pages;
  private StackClient client;

  @BeforeAll
  void start() throws Exception {
    Path state = Files.createDirectories(Path.of("target", "e2e-state"));
    // Small chunks so each page yields several, and small parts so the embed fan-in has more than one part.
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of("CHUNK_MAX_TOKENS", "64", "CHUNK_OVERLAP_TOKENS", "8",
        "CHUNKS_PER_PART", "2")));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
  }

  @Test
  void threePages_areIngested_andSearchFindsThePhraseInTheRightPage() {
    String corpus = "e2e-" + System.nanoTime();
    List<String> urls = List.of(
        pages.add("/lighthouses", page("Lighthouses", "A lighthouse keeper trims the wick of the great lamp every evening so that ships can "
            + "find the harbour through fog and storm. The lens of a lighthouse concentrates the flame into a beam.")),
        pages.add("/sourdough", page("Sourdough", "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria. The baker "
            + "feeds the starter flour and water and waits for it to double before mixing the dough.")),
        pages.add("/volcanoes", page("Volcanoes", "Basaltic lava flows from shield volcanoes in Hawaii travel for miles before cooling "
            + "into black rock. Explosive eruptions instead throw ash high into the stratosphere.")));
    List<String> jobIds = new ArrayList<>();
    for (String url : urls) jobIds.add(client.submit(url, corpus));

    for (int i = 0; i < jobIds.size(); i++) {
      JsonNode job = client.awaitEnded(jobIds.get(i), JOB_TIMEOUT);
      assertThat(job.path("status").asText()).as("job for %s", urls.get(i)).isEqualTo("done");
      assertThat(job.path("chunk_count").asInt()).isGreaterThan(0);
      assertThat(job.path("url").asText()).isEqualTo(urls.get(i));
      assertThat(job.path("corpus_name").asText()).isEqualTo(corpus);
      assertThat(job.get("failed_stage").isNull()).isTrue();
      assertThat(history(jobIds.get(i))).containsExactly("queued", "scraping", "chunking", "embedding", "done");
    }

    StackClient.Reply search = client.post("/corpora/" + corpus + "/search",
        "{\"query\":\"who keeps the lamp burning so ships find the harbour\",\"top_k\":3}");
    assertThat(search.status()).isEqualTo(200);
    JsonNode results = search.body().get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("url").asText()).isEqualTo(urls.get(0));
    assertThat(results.get(0).get("score").asDouble()).isGreaterThanOrEqualTo(results.get(1).get("score").asDouble());
    assertThat(search.body().get("model").asText()).isEqualTo("bge-small-en-v1.5");
  }

  @Test
  void missingPage_endsFailedInScraping() {
    String jobId = client.submit(pages.url("/no-such-page"), "e2e-missing");
    JsonNode job = client.awaitEnded(jobId, JOB_TIMEOUT);
    assertThat(job.path("status").asText()).isEqualTo("failed");
    assertThat(job.path("failed_stage").asText()).isEqualTo("scraping");
    assertThat(job.path("error_code").asText()).isEqualTo("http_404");
  }

  @Test
  void search_returnsExactlyTopK_onlyFromItsCorpus() {
    String mine = "e2e-mine-" + System.nanoTime();
    String other = "e2e-other-" + System.nanoTime();
    String a = client.submit(pages.add("/mine", page("Mine", longText("orchard apples", 6))), mine);
    String b = client.submit(pages.add("/other", page("Other", longText("orchard apples", 6))), other);
    assertThat(client.awaitEnded(a, JOB_TIMEOUT).path("status").asText()).isEqualTo("done");
    assertThat(client.awaitEnded(b, JOB_TIMEOUT).path("status").asText()).isEqualTo("done");
    int chunks = client.job(a).path("chunk_count").asInt();
    assertThat(chunks).isGreaterThanOrEqualTo(4);

    StackClient.Reply reply = client.post("/corpora/" + mine + "/search", "{\"query\":\"apples in the orchard\",\"top_k\":4}");
    assertThat(reply.body().get("results")).hasSize(4);
    reply.body().get("results").forEach(r -> assertThat(r.get("url").asText()).endsWith("/mine"));
  }

  @Test
  void afterSnapStartHooks_everyFunctionStillWorks() {
    // Arrange: the stack builds a function's environments when work first reaches it, so one job and one search
    // first; each function has then registered its hooks, in this JVM.
    String corpus = "e2e-snapstart";
    String first = client.submit(pages.add("/snapstart/1", page("Published", longText("published versions", 4))), corpus);
    assertThat(client.awaitEnded(first, JOB_TIMEOUT).path("status").asText()).isEqualTo("done");
    assertThat(client.post("/corpora/" + corpus + "/search", "{\"query\":\"published\",\"top_k\":1}").status())
        .isEqualTo(200);
    List<SnapStartHooks> hooks = SnapStartHooks.registered();
    assertThat(hooks).extracting(SnapStartHooks::function).contains("api", "scraper", "chunker", "embedder", "search");

    // Act: what Lambda does when it publishes a version, then when it restores an environment from the snapshot.
    hooks.forEach(h -> h.beforeCheckpoint(null));
    hooks.forEach(h -> h.afterRestore(null));

    // Assert: the clients built before the snapshot still reach the queues, table, bucket, database and server.
    String job = client.submit(pages.add("/snapstart/2", page("Restored", longText("restored environments", 4))), corpus);
    assertThat(client.awaitEnded(job, JOB_TIMEOUT).path("status").asText()).isEqualTo("done");
    StackClient.Reply search = client.post("/corpora/" + corpus + "/search", "{\"query\":\"restored\",\"top_k\":2}");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.body().get("results")).hasSize(2);
  }

  @Test
  void unknownJob_is404ProblemJson() {
    StackClient.Reply reply = client.get("/jobs/00000000-0000-4000-8000-000000000000");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    assertThat(reply.body().get("status").asInt()).isEqualTo(404);
  }

  @Test
  void badInput_is400ProblemJson_notServerError() {
    StackClient.Reply badUrl = client.post("/jobs", "{\"url\":\"ftp://example.com/x\",\"corpus_name\":\"docs\"}");
    assertThat(badUrl.status()).isEqualTo(400);
    assertThat(badUrl.body().get("field").asText()).isEqualTo("url");
    StackClient.Reply badCorpus = client.post("/jobs", "{\"url\":\"https://example.com/x\",\"corpus_name\":\"Not Valid\"}");
    assertThat(badCorpus.status()).isEqualTo(400);
    StackClient.Reply notJson = client.post("/jobs", "this is not json");
    assertThat(notJson.status()).isEqualTo(400);
    StackClient.Reply badTopK = client.post("/corpora/docs/search", "{\"query\":\"x\",\"top_k\":0}");
    assertThat(badTopK.status()).isEqualTo(400);
    assertThat(badTopK.contentType()).isEqualTo("application/problem+json");
  }

  private List<String> history(String jobId) {
    var item = stack.aws().dynamo().getItem(b -> b.tableName(stack.resources().jobsTable())
        .key(Map.of("job_id", AttributeValue.fromS(jobId))).consistentRead(true)).item();
    return item.get("history").l().stream().map(AttributeValue::s).toList();
  }

  private static String page(String title, String text) {
    return "<html><head><title>" + title + "</title></head><body><nav>Home | About</nav><main><h1>" + title + "</h1><p>"
        + text + "</p></main><footer>footer text</footer></body></html>";
  }

  private static String longText(String topic, int paragraphs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < paragraphs; i++) {
      sb.append("Paragraph ").append(i).append(" about ").append(topic).append(": the harvest season brings baskets of fruit, ")
          .append("cider pressing, and careful storage in cool cellars so the crop lasts through winter. ");
    }
    return sb.toString();
  }
}
