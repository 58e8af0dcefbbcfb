package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.SettableClock;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the fault-injection tests steer the local stack with: the event source mappings through the real SDK's
 * {@link LambdaClient}, the injected clock, and the scanner run on demand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackControlTest {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

  private final SettableClock clock = new SettableClock();
  private LocalStack stack;
  private PageServer pages;
  private StackClient client;
  private LambdaClient lambda;

  @BeforeAll
  void start() throws Exception {
    clock.advance(Duration.ofDays(2));
    Path state = Files.createDirectories(Path.of("target", "control-state"));
    stack = LocalStack.start(LocalStackOptions.forTests(state, Map.of()).withClock(clock));
    pages = new PageServer();
    client = new StackClient(stack.baseUrl());
    lambda = new AwsClients(Env.of(stack.environment())).lambda();
  }

  @AfterAll
  void stop() {
    if (pages != null) pages.close();
    if (stack != null) stack.close();
  }

  @Test
  void disabledScraperMapping_leavesTheJobQueued_untilItIsEnabledAgain() {
    String queueUrl = stack.resources().queueUrls().get("scrape");
    String queueArn = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    List<EventSourceMappingConfiguration> listed = lambda.listEventSourceMappings(b -> b.eventSourceArn(queueArn))
        .eventSourceMappings();
    assertThat(listed).hasSize(1);
    EventSourceMappingConfiguration mapping = listed.get(0);
    assertThat(mapping.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:scraper");
    assertThat(mapping.state()).isEqualTo("Enabled");
    assertThat(mapping.batchSize()).isEqualTo(5);
    assertThat(mapping.functionResponseTypes()).containsExactly(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);

    UpdateEventSourceMappingResponse off = lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid()).enabled(false));
    assertThat(off.state()).isEqualTo("Disabled");
    assertThat(stack.consumptionEnabled("scraper")).isFalse();
    long receivedBefore = stack.pollerStats("scraper").recordsReceived();

    String jobId = client.submit(pages.add("/paused", "<html><body><main><p>Held back while the scraper's mapping is "
        + "disabled, then scraped, chunked and embedded.</p></main></body></html>"), "control");
    Await.until("the job's message to wait in the scrape queue", Duration.ofSeconds(60),
        () -> stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
        "1"::equals);
    assertThat(client.job(jobId).path("status").asText()).isEqualTo("queued");
    assertThat(stack.pollerStats("scraper").recordsReceived()).isEqualTo(receivedBefore);

    lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid()).enabled(true));
    assertThat(lambda.getEventSourceMapping(b -> b.uuid(mapping.uuid())).state()).isEqualTo("Enabled");
    JsonNode job = client.awaitEnded(jobId, JOB_TIMEOUT);
    assertThat(job.path("status").asText()).isEqualTo("done");
    assertThat(stack.pollerStats("scraper").invocations()).isPositive();
    // The api handler took its timestamps from the test's clock, two days ahead.
    assertThat(Instant.parse(job.path("created_at").asText())).isAfter(Instant.now().plus(Duration.ofDays(1)));
  }

  @Test
  void listEventSourceMappings_pagesThroughAll_andFiltersByFunctionName() {
    List<EventSourceMappingConfiguration> all = lambda.listEventSourceMappingsPaginator(b -> b.maxItems(1))
        .eventSourceMappings().stream().toList();
    List<EventSourceMappingConfiguration> embedder = lambda.listEventSourceMappings(b -> b.functionName("embedder"))
        .eventSourceMappings();

    assertThat(all).extracting(EventSourceMappingConfiguration::functionArn).map(a -> a.substring(a.lastIndexOf(':') + 1))
        .containsExactlyInAnyOrder("scraper", "chunker", "embedder", "breaker-probe");
    assertThat(embedder).singleElement().satisfies(m -> {
      assertThat(m.eventSourceArn()).endsWith(":docpipe-embed");
      assertThat(m.lastModified()).isNotNull();
    });
  }

  @Test
  void getEventSourceMapping_unknownUuid_isResourceNotFound() {
    assertThatThrownBy(() -> lambda.getEventSourceMapping(b -> b.uuid("00000000-0000-4000-8000-000000000000")))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(404))
        .hasMessageContaining("does not exist");
  }

  @Test
  void runScanner_returnsTheScannersSummary() {
    Map<String, Integer> summary = stack.runScanner();

    assertThat(summary).containsKeys("stuck", "requeued", "failed");
    assertThat(summary.get("stuck")).isZero();
  }
}
