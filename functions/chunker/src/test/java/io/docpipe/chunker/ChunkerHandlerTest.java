package io.docpipe.chunker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.ChunkPart;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.ScrapedDocument;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/** The chunker handler fed events/chunker.json, against S3Proxy, DynamoDB Local and ElasticMQ. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkerHandlerTest {
  private static final int MAX_TOKENS = 48;

  private FunctionEnvironment env;
  private AwsClients aws;
  private DynamoJobStore jobs;
  private ChunkerHandler handler;

  @BeforeAll
  void setUp() {
    env = FunctionEnvironment.forTest("chunker", 30);
    aws = env.clients();
    jobs = new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.systemUTC());
    handler = ChunkerHandler.from(Map.copyOf(env.with(Map.of("CHUNK_MAX_TOKENS", Integer.toString(MAX_TOKENS),
        "CHUNK_OVERLAP_TOKENS", "4", "CHUNKS_PER_PART", "3")).build()), Clock.systemUTC());
  }

  @Test
  void chunkEvent_writesBoundedChunksInParts_andOneEmbedMessagePerPart() {
    String jobId = scrapedJob(paragraphs(12));

    SQSBatchResponse response = handler.handleRequest(eventFor(jobId), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.CHUNKING);
    int parts = job.partsTotal();
    assertThat(parts).isGreaterThan(1);
    List<Chunk> all = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      int index = i;
      ChunkPart part = Json.read(aws.s3().getObjectAsBytes(b -> b.bucket(env.localResources().bucket())
          .key(BlobKeys.part(jobId, index))).asByteArray(), ChunkPart.class);
      assertThat(part.partIndex()).isEqualTo(i);
      assertThat(part.title()).as("the document's title rides every part").isEqualTo("Rivers");
      assertThat(part.chunks()).hasSizeBetween(1, 3);
      all.addAll(part.chunks());
    }
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bge();
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).chunkIndex()).isEqualTo(i);
      assertThat(tokenizer.countWithSpecialTokens(all.get(i).text())).isEqualTo(all.get(i).tokenCount())
          .isLessThanOrEqualTo(MAX_TOKENS);
    }
    List<Message> sent = receiveAll(env.localResources().queueUrls().get("embed"), parts);
    assertThat(sent).extracting(m -> Json.read(m.body(), JsonNode.class).get("part_index").asInt())
        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, parts).boxed().toList());
  }

  @Test
  void missingDocument_failsTheJobInChunking() {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, "https://example.com/x", "docs", Clock.systemUTC().instant(), null));
    jobs.begin(jobId, JobStatus.SCRAPING);

    SQSBatchResponse response = handler.handleRequest(eventFor(jobId), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.CHUNKING);
    assertThat(job.errorCode()).isEqualTo("document_missing");
  }

  @Test
  void documentOfThePlainTextFormat_namedByAMessageSentBeforeADeploy_isStillChunked() {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, "https://example.com/x", "docs", Clock.systemUTC().instant(), null));
    jobs.begin(jobId, JobStatus.SCRAPING);
    String oldKey = "documents/" + jobId + "/text.txt";
    aws.s3().putObject(b -> b.bucket(env.localResources().bucket()).key(oldKey), RequestBody.fromString(paragraphs(2)));
    SQSEvent event = eventFor(jobId);
    event.getRecords().get(0).setBody(event.getRecords().get(0).getBody().replace(BlobKeys.document(jobId), oldKey));

    assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();

    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.CHUNKING);
    ChunkPart part = Json.read(aws.s3().getObjectAsBytes(b -> b.bucket(env.localResources().bucket())
        .key(BlobKeys.part(jobId, 0))).asByteArray(), ChunkPart.class);
    assertThat(part.title()).isEmpty();
    assertThat(part.chunks().getFirst().text()).startsWith("Paragraph 0 describes");
  }

  @Test
  void unreadableDocument_failsTheJobInChunking_withoutARetry() {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, "https://example.com/x", "docs", Clock.systemUTC().instant(), null));
    jobs.begin(jobId, JobStatus.SCRAPING);
    aws.s3().putObject(b -> b.bucket(env.localResources().bucket()).key(BlobKeys.document(jobId)),
        RequestBody.fromString("not json at all"));

    assertThat(handler.handleRequest(eventFor(jobId), null).getBatchItemFailures()).isEmpty();

    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.errorCode()).isEqualTo("document_unreadable");
  }

  private String scrapedJob(String text) {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, "https://example.com/x", "docs", Clock.systemUTC().instant(), null));
    jobs.begin(jobId, JobStatus.SCRAPING);
    byte[] document = Json.writeBytes(new ScrapedDocument("https://example.com/x", "Rivers", text));
    aws.s3().putObject(b -> b.bucket(env.localResources().bucket()).key(BlobKeys.document(jobId)), RequestBody.fromBytes(document));
    return jobId;
  }

  private List<Message> receiveAll(String queueUrl, int expected) {
    List<Message> all = new ArrayList<>();
    long deadline = System.nanoTime() + 60_000_000_000L; // a deadline for a busy machine; it ends on the count
    while (all.size() < expected && System.nanoTime() < deadline) {
      all.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
    }
    return all;
  }

  private static SQSEvent eventFor(String jobId) {
    SQSEvent event = EventFiles.load("chunker.json", SQSEvent.class);
    event.getRecords().get(0).setBody("{\"job_id\":\"" + jobId + "\",\"url\":\"https://example.com/x\",\"corpus_name\":\"docs\","
        + "\"document_key\":\"" + BlobKeys.document(jobId) + "\"}");
    return event;
  }

  private static String paragraphs(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("Paragraph ").append(i).append(" describes how rivers carve valleys over thousands of years. ")
          .append("Sediment settles where the current slows.\n\n");
    }
    return sb.toString();
  }
}
