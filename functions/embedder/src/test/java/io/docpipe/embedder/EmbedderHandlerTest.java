package io.docpipe.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalServers;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.ChunkPart;
import io.docpipe.shared.Env;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

/** The embedder handler fed events/embedder.json, against the real embedding server and PostgreSQL + pgvector. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbedderHandlerTest {
  private FunctionEnvironment env;
  private AwsClients aws;
  private DynamoJobStore jobs;
  private EmbedderHandler handler;
  private Map<String, String> vars;

  @BeforeAll
  void setUp() {
    LocalServers servers = LocalServers.get();
    env = FunctionEnvironment.forTest("embedder", 30).vectorDb(servers.postgres())
        .embeddings(servers.embeddings().endpoint().toString()).with("EMBED_BATCH_MAX_ITEMS", "2");
    vars = env.build();
    aws = env.clients();
    SchemaMigrator.migrate(VectorDbConfig.fromEnv(Env.of(vars), aws));
    jobs = new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.systemUTC());
    handler = EmbedderHandler.from(vars, Clock.systemUTC());
  }

  @Test
  void twoParts_areStored_andTheSecondMarksTheJobDone_evenWhenDeliveredTwice() throws Exception {
    String url = "https://example.com/" + UUID.randomUUID();
    String jobId = chunkedJob(url, List.of(
        List.of("Granite forms when magma cools slowly underground.", "Basalt cools quickly at the surface.",
            "Marble is metamorphosed limestone."),
        List.of("Sandstone is cemented sand grains.")));

    assertThat(handler.handleRequest(eventFor(jobId, url, 0, 2), null).getBatchItemFailures()).isEmpty();
    assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.EMBEDDING);
    assertThat(handler.handleRequest(eventFor(jobId, url, 0, 2), null).getBatchItemFailures()).isEmpty();
    assertThat(jobs.find(jobId).orElseThrow().status()).as("a redelivered part counts once").isEqualTo(JobStatus.EMBEDDING);
    SQSBatchResponse last = handler.handleRequest(eventFor(jobId, url, 1, 2), null);

    assertThat(last.getBatchItemFailures()).isEmpty();
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.DONE);
    assertThat(job.chunkCount()).isEqualTo(4);
    assertThat(rowsFor(url)).isEqualTo(4);
    assertThat(handler.handleRequest(eventFor(jobId, url, 1, 2), null).getBatchItemFailures()).isEmpty();
    assertThat(rowsFor(url)).as("no duplicate rows after redelivery").isEqualTo(4);
  }

  @Test
  void messageSentBeforeSubmittedAtExisted_readsTheJob_andStillCompletesIt() throws Exception {
    String url = "https://example.com/" + UUID.randomUUID();
    String jobId = chunkedJob(url, List.of(List.of("Obsidian is volcanic glass.")));

    assertThat(handler.handleRequest(eventFor(jobId, url, 0, 1, null), null).getBatchItemFailures()).isEmpty();

    assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    assertThat(rowsFor(url)).isEqualTo(1);
  }

  /** The user's report: the newer job finished first, and the older job's different chunks survived it. */
  @Test
  void twoIngestionsOfOneUrl_newerCompletesFirst_onlyTheNewerSubmissionsChunksRemain() throws Exception {
    assertNewestSubmissionWins(true);
  }

  @Test
  void twoIngestionsOfOneUrl_olderCompletesFirst_onlyTheNewerSubmissionsChunksRemain() throws Exception {
    assertNewestSubmissionWins(false);
  }

  private void assertNewestSubmissionWins(boolean newerCompletesFirst) throws Exception {
    String url = "https://example.com/" + UUID.randomUUID();
    java.time.Instant submitted = Clock.systemUTC().instant();
    String older = chunkedJob(url, List.of(List.of("Old granite notes."), List.of("Old basalt notes.")),
        submitted.minusSeconds(60));
    String newer = chunkedJob(url, List.of(List.of("New granite notes.", "New marble notes.")), submitted);
    assertThat(handler.handleRequest(eventFor(older, url, 0, 2), null).getBatchItemFailures()).isEmpty();

    if (newerCompletesFirst) {
      assertThat(handler.handleRequest(eventFor(newer, url, 0, 1), null).getBatchItemFailures()).isEmpty();
      assertThat(handler.handleRequest(eventFor(older, url, 1, 2), null).getBatchItemFailures()).isEmpty();
    } else {
      assertThat(handler.handleRequest(eventFor(older, url, 1, 2), null).getBatchItemFailures()).isEmpty();
      assertThat(handler.handleRequest(eventFor(newer, url, 0, 1), null).getBatchItemFailures()).isEmpty();
    }

    assertThat(jobs.find(older).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    assertThat(jobs.find(newer).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    assertThat(textsFor(url)).containsExactlyInAnyOrder("New granite notes.", "New marble notes.");
  }

  @Test
  void missingPart_failsTheJobInEmbedding() {
    String url = "https://example.com/" + UUID.randomUUID();
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, url, "docs", Clock.systemUTC().instant(), null));
    jobs.begin(jobId, JobStatus.SCRAPING);
    jobs.begin(jobId, JobStatus.CHUNKING);
    jobs.expectParts(jobId, 1, 1);

    handler.handleRequest(eventFor(jobId, url, 0, 1), null);

    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.EMBEDDING);
    assertThat(job.errorCode()).isEqualTo("part_missing");
  }

  private String chunkedJob(String url, List<List<String>> parts) {
    return chunkedJob(url, parts, Clock.systemUTC().instant());
  }

  private String chunkedJob(String url, List<List<String>> parts, java.time.Instant submitted) {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, url, "docs", submitted, null));
    jobs.begin(jobId, JobStatus.SCRAPING);
    jobs.begin(jobId, JobStatus.CHUNKING);
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bge();
    int index = 0;
    for (int p = 0; p < parts.size(); p++) {
      List<Chunk> chunks = new java.util.ArrayList<>();
      for (String text : parts.get(p)) chunks.add(new Chunk(index++, text, tokenizer.countWithSpecialTokens(text)));
      ChunkPart part = new ChunkPart(jobId, url, "docs", "Rocks", p, parts.size(), chunks);
      int partIndex = p;
      aws.s3().putObject(b -> b.bucket(env.localResources().bucket()).key(BlobKeys.part(jobId, partIndex)),
          RequestBody.fromBytes(Json.writeBytes(part)));
    }
    jobs.expectParts(jobId, parts.size(), index);
    return jobId;
  }

  private int rowsFor(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(vars.get("VECTOR_DB_URL"), vars.get("VECTOR_DB_USER"), vars.get("VECTOR_DB_PASSWORD"));
        PreparedStatement ps = c.prepareStatement("SELECT count(*), count(DISTINCT chunk_index), min(vector_dims(embedding)),"
            + " count(*) FILTER (WHERE title = 'Rocks') FROM chunks WHERE url = ?")) {
      ps.setString(1, url);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(2)).isEqualTo(rs.getInt(1));
        if (rs.getInt(1) > 0) assertThat(rs.getInt(3)).isEqualTo(384);
        assertThat(rs.getInt(4)).as("every chunk keeps its document's title").isEqualTo(rs.getInt(1));
        return rs.getInt(1);
      }
    }
  }

  private List<String> textsFor(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(vars.get("VECTOR_DB_URL"), vars.get("VECTOR_DB_USER"), vars.get("VECTOR_DB_PASSWORD"));
        PreparedStatement ps = c.prepareStatement("SELECT text FROM chunks WHERE url = ?")) {
      ps.setString(1, url);
      List<String> texts = new java.util.ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) texts.add(rs.getString(1));
      }
      return texts;
    }
  }

  private SQSEvent eventFor(String jobId, String url, int partIndex, int partsTotal) {
    return eventFor(jobId, url, partIndex, partsTotal, jobs.find(jobId).map(Job::createdAt).orElse(null));
  }

  private static SQSEvent eventFor(String jobId, String url, int partIndex, int partsTotal, java.time.Instant submittedAt) {
    SQSEvent event = EventFiles.load("embedder.json", SQSEvent.class);
    event.getRecords().get(0).setBody(Json.write(new io.docpipe.shared.Messages.EmbedMessage(jobId, url, "docs",
        BlobKeys.part(jobId, partIndex), partIndex, partsTotal, submittedAt)));
    return event;
  }
}
