package io.docpipe.stuckjobscanner;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.FreePort;
import io.docpipe.local.servers.LocalServers;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The scanner fed events/stuck-job-scanner.json, against DynamoDB Local (through the sparse index) and ElasticMQ. */
class StuckJobScannerHandlerTest {

  @Test
  void staleJobs_areRequeuedToTheirStagesQueue_freshAndEndedOnesLeftAlone() {
    FunctionEnvironment env = environment().with("STUCK_AFTER_MINUTES", "30");
    AwsClients aws = env.clients();
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    String queued = job(env, aws, twoHoursAgo, JobStatus.QUEUED);
    String chunking = job(env, aws, twoHoursAgo, JobStatus.CHUNKING);
    String ended = job(env, aws, twoHoursAgo, JobStatus.SCRAPING);
    store(env, aws, twoHoursAgo).fail(ended, JobStatus.SCRAPING, "http_404");
    String fresh = job(env, aws, Instant.now(), JobStatus.SCRAPING);

    Map<String, Integer> summary = StuckJobScannerHandler.from(env.build(), Clock.systemUTC())
        .handleRequest(EventFiles.load("stuck-job-scanner.json", ScheduledEvent.class), null);

    assertThat(summary).containsEntry("stuck", 2).containsEntry("requeued", 2).containsEntry("failed", 0);
    assertThat(bodies(aws, env.localResources().queueUrls().get("scrape"))).singleElement()
        .satisfies(m -> assertThat(m.get("job_id").asText()).isEqualTo(queued));
    assertThat(bodies(aws, env.localResources().queueUrls().get("chunk"))).singleElement()
        .satisfies(m -> assertThat(m.get("document_key").asText()).isEqualTo("documents/" + chunking + "/document.json"));
    DynamoJobStore now = store(env, aws, Instant.now());
    assertThat(now.find(queued).orElseThrow().requeues()).isEqualTo(1);
    assertThat(now.find(fresh).orElseThrow().requeues()).isZero();
    assertThat(now.find(ended).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void staleJob_whoseStageQueueHoldsMessages_waitsInTheBacklog_andIsRequeuedOnceTheQueueIsEmpty() {
    FunctionEnvironment env = environment().with("STUCK_AFTER_MINUTES", "30").with("STUCK_MAX_REQUEUES", "0");
    AwsClients aws = env.clients();
    String embedQueue = env.localResources().queueUrls().get("embed");
    String embedding = job(env, aws, Instant.now().minus(Duration.ofHours(2)), JobStatus.EMBEDDING);
    aws.sqs().sendMessage(b -> b.queueUrl(embedQueue).messageBody("{\"job_id\":\"another job's part\"}"));
    StuckJobScannerHandler scanner = StuckJobScannerHandler.from(env.build(), Clock.systemUTC());

    Map<String, Integer> behindAnother = scanner.handleRequest(new ScheduledEvent(), null);
    aws.sqs().purgeQueue(b -> b.queueUrl(embedQueue));
    Map<String, Integer> queueEmpty = scanner.handleRequest(new ScheduledEvent(), null);

    assertThat(behindAnother).containsEntry("stuck", 0).containsEntry("failed", 0).containsEntry("waiting_in_backlog", 1);
    assertThat(queueEmpty).containsEntry("stuck", 1).containsEntry("failed", 1).containsEntry("waiting_in_backlog", 0);
    assertThat(store(env, aws, Instant.now()).find(embedding).orElseThrow().errorCode()).isEqualTo("stuck");
  }

  @Test
  void jobOutOfRequeues_isFailedAsStuck() {
    FunctionEnvironment env = environment().with("STUCK_MAX_REQUEUES", "0");
    AwsClients aws = env.clients();
    String jobId = job(env, aws, Instant.now().minus(Duration.ofHours(1)), JobStatus.QUEUED);

    Map<String, Integer> summary = StuckJobScannerHandler.from(env.build(), Clock.systemUTC())
        .handleRequest(new ScheduledEvent(), null);

    assertThat(summary).containsEntry("failed", 1);
    Job job = store(env, aws, Instant.now()).find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.SCRAPING);
    assertThat(job.errorCode()).isEqualTo("stuck");
  }

  /**
   * The scanner's environment: its own queues and table, and the local embedding server for the breaker's probe. No
   * Lambda API answers here (the local stack's tests switch real consumption); a refused port keeps the closed
   * circuit's reconciling call short instead of waiting on DNS for AWS.
   */
  private static FunctionEnvironment environment() {
    return FunctionEnvironment.forTest("scanner", 30).embeddings(LocalServers.get().embeddings().endpoint().toString())
        .with("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:" + FreePort.pick());
  }

  private static DynamoJobStore store(FunctionEnvironment env, AwsClients aws, Instant at) {
    return new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.fixed(at, ZoneOffset.UTC));
  }

  /** A job walked to {@code status} through the real transitions, last updated {@code at}. */
  private static String job(FunctionEnvironment env, AwsClients aws, Instant at, JobStatus status) {
    DynamoJobStore store = store(env, aws, at);
    String jobId = UUID.randomUUID().toString();
    store.create(Job.queued(jobId, "https://example.com/" + jobId, "docs", at, null));
    for (JobStatus s : List.of(JobStatus.SCRAPING, JobStatus.CHUNKING, JobStatus.EMBEDDING)) {
      if (status.ordinal() < s.ordinal()) break;
      store.begin(jobId, s);
    }
    return jobId;
  }

  private static List<JsonNode> bodies(AwsClients aws, String queueUrl) {
    List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    return messages.stream().map(m -> Json.read(m.body(), JsonNode.class)).toList();
  }
}
