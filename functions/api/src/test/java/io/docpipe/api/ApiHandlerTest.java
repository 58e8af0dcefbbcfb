package io.docpipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.shared.Json;
import io.docpipe.shared.aws.AwsClients;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

/** The api handler fed the event files, against DynamoDB Local and ElasticMQ. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHandlerTest {
  private FunctionEnvironment env;
  private AwsClients aws;
  private ApiHandler handler;

  @BeforeAll
  void setUp() {
    env = FunctionEnvironment.forTest("api", 30);
    aws = env.clients();
    handler = ApiHandler.from(env.build(), Clock.systemUTC());
  }

  @Test
  void submitJob_event_createsQueuedJob_andSendsOneScrapeMessage() {
    APIGatewayV2HTTPEvent event = EventFiles.load("api-submit-job.json", APIGatewayV2HTTPEvent.class);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(202);
    JsonNode body = Json.read(response.getBody(), JsonNode.class);
    String jobId = body.get("job_id").asText();
    assertThat(body.get("status").asText()).isEqualTo("queued");
    assertThat(response.getHeaders()).containsEntry("Location", "/jobs/" + jobId);
    List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(env.localResources().queueUrls().get("scrape"))
        .maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
    assertThat(messages).hasSize(1);
    JsonNode message = Json.read(messages.get(0).body(), JsonNode.class);
    assertThat(message.get("job_id").asText()).isEqualTo(jobId);
    assertThat(message.get("url").asText()).isEqualTo("https://example.com/article");
    assertThat(message.get("corpus_name").asText()).isEqualTo("docs");
  }

  @Test
  void getJob_event_returnsEveryContractField_withNullsForAbsentValues() {
    String jobId = Json.read(handler.handleRequest(EventFiles.load("api-submit-job.json", APIGatewayV2HTTPEvent.class), null)
        .getBody(), JsonNode.class).get("job_id").asText();
    APIGatewayV2HTTPEvent get = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
    get.setPathParameters(Map.of("job_id", jobId));

    APIGatewayV2HTTPResponse response = handler.handleRequest(get, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode job = Json.read(response.getBody(), JsonNode.class);
    assertThat(job.fieldNames()).toIterable().containsExactly("job_id", "status", "url", "corpus_name", "chunk_count",
        "failed_stage", "error_code", "created_at", "updated_at", "trace_id");
    assertThat(job.get("status").asText()).isEqualTo("queued");
    assertThat(job.get("chunk_count").isNull()).isTrue();
    assertThat(job.get("failed_stage").isNull()).isTrue();
    assertThat(job.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }

  @Test
  void getJob_unknownOrMalformedId_is404Problem() {
    for (String id : new String[] {"00000000-0000-4000-8000-000000000000", "../../etc/passwd", "x"}) {
      APIGatewayV2HTTPEvent get = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
      get.setPathParameters(Map.of("job_id", id));
      APIGatewayV2HTTPResponse response = handler.handleRequest(get, null);
      assertThat(response.getStatusCode()).as(id).isEqualTo(404);
      assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    }
  }

  @Test
  void submitJob_badInput_is400ProblemNamingTheField() {
    APIGatewayV2HTTPEvent event = EventFiles.load("api-submit-job.json", APIGatewayV2HTTPEvent.class);
    event.setBody("{\"url\":\"https://example.com/a\",\"corpus_name\":\"UPPER case\"}");
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    assertThat(response.getStatusCode()).isEqualTo(400);
    JsonNode problem = Json.read(response.getBody(), JsonNode.class);
    assertThat(problem.get("field").asText()).isEqualTo("corpus_name");
    assertThat(problem.get("type").asText()).isNotBlank();
    assertThat(problem.get("title").asText()).isNotBlank();

    event.setBody("[1, 2, 3]");
    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
    event.setBody("{\"url\": 42, \"corpus_name\": \"docs\"}");
    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
  }
}
