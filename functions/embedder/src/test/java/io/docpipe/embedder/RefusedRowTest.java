package io.docpipe.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
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
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.pg.VectorDbConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A chunk PostgreSQL refuses (a NUL byte, which the scraper now strips, put straight into a part here): the record
 * goes back to its queue while it has receives left, the job fails with internal_error on the last one instead of
 * staying in embedding for ever, and no log line, field or stack trace carries the chunk's text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedRowTest {
  private static final String PAGE_WORDS = "Unmistakable page words about basalt columns";

  private FunctionEnvironment env;
  private AwsClients aws;
  private DynamoJobStore jobs;
  private EmbedderHandler handler;

  @BeforeAll
  void setUp() {
    LocalServers servers = LocalServers.get();
    env = FunctionEnvironment.forTest("embedder", 30).vectorDb(servers.postgres())
        .embeddings(servers.embeddings().endpoint().toString());
    Map<String, String> vars = env.build();
    aws = env.clients();
    SchemaMigrator.migrate(VectorDbConfig.fromEnv(Env.of(vars), aws));
    jobs = new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.systemUTC());
    handler = EmbedderHandler.from(vars, Clock.systemUTC());
  }

  @Test
  void refusedRow_isRetried_thenFailsTheJobWithInternalErrorOnTheLastReceive_andNoLogCarriesItsText() {
    String url = "https://example.com/" + UUID.randomUUID();
    String jobId = chunkedJob(url, PAGE_WORDS + "\u0000 and more of them");
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    SQSBatchResponse first;
    SQSBatchResponse last;
    try {
      first = handler.handleRequest(eventFor(jobId, url, 1), null);
      assertThat(jobs.find(jobId).orElseThrow().status()).as("receives left: the job waits").isEqualTo(JobStatus.EMBEDDING);
      last = handler.handleRequest(eventFor(jobId, url, 5), null);
    } finally {
      root.detachAppender(logs);
    }

    assertThat(first.getBatchItemFailures()).hasSize(1);
    assertThat(last.getBatchItemFailures()).as("on to the DLQ, for whoever investigates").hasSize(1);
    Job job = jobs.find(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failedStage()).isEqualTo(JobStatus.EMBEDDING);
    assertThat(job.errorCode()).isEqualTo("internal_error");
    assertThat(logs.list).as("the failures were logged").isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      assertThat(rendered(event)).as(event.getFormattedMessage()).doesNotContain("basalt columns")
          .doesNotContain("Unmistakable");
    }
  }

  /** Everything of a log line that reaches stdout or OTLP: message, fields, context, stack trace. */
  private static String rendered(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) event.getKeyValuePairs().forEach(kv -> out.append(' ').append(kv.value));
    out.append(' ').append(event.getMDCPropertyMap());
    if (event.getThrowableProxy() != null) out.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    return out.toString();
  }

  private String chunkedJob(String url, String text) {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, url, "docs", Clock.systemUTC().instant(), null));
    jobs.begin(jobId, JobStatus.SCRAPING);
    jobs.begin(jobId, JobStatus.CHUNKING);
    ChunkPart part = new ChunkPart(jobId, url, "docs", "Rocks", 0, 1, List.of(new Chunk(0, text, 12)));
    aws.s3().putObject(b -> b.bucket(env.localResources().bucket()).key(BlobKeys.part(jobId, 0)),
        RequestBody.fromBytes(Json.writeBytes(part)));
    jobs.expectParts(jobId, 1, 1);
    return jobId;
  }

  private SQSEvent eventFor(String jobId, String url, int receiveCount) {
    SQSEvent event = EventFiles.load("embedder.json", SQSEvent.class);
    SQSEvent.SQSMessage record = event.getRecords().get(0);
    record.setBody(Json.write(new EmbedMessage(jobId, url, "docs", BlobKeys.part(jobId, 0), 0, 1,
        jobs.find(jobId).orElseThrow().createdAt())));
    record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
    return event;
  }
}
