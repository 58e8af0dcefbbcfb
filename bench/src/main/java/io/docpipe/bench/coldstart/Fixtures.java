package io.docpipe.bench.coldstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.ChunkPart;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages;
import io.docpipe.shared.ScrapedDocument;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The state one sample's invocation needs, and its event file: the repo's {@code events/*.json}, with the SQS body
 * pointed at a fresh job for the stages that change a job, so every sample does the same full piece of work rather
 * than finding it done by the one before.
 */
final class Fixtures {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private final Path events;
  private final Path out;
  private final AwsClients aws;
  private final DynamoJobStore jobs;
  private final String bucket;
  private final String pageUrl;

  Fixtures(Path repoEvents, Path out, BenchServers servers) {
    this.events = repoEvents;
    this.out = out;
    this.aws = servers.functionEnvironment().clients();
    this.bucket = servers.environment().get("DOCUMENTS_BUCKET");
    this.jobs = new DynamoJobStore(aws.dynamo(), servers.environment().get("JOBS_TABLE"), Clock.systemUTC());
    this.pageUrl = servers.pageUrl();
  }

  /** The job events/api-get-job.json reads, created once: a GET changes nothing. */
  Path apiGetJob() {
    Path file = events.resolve("api-get-job.json");
    String jobId = read(file).get("pathParameters").get("job_id").asText();
    if (jobs.find(jobId).isEmpty()) jobs.create(Job.queued(jobId, "https://example.com/article", "docs", Instant.now(), null));
    return file;
  }

  /** events/search.json as it is: corpus {@code docs}, which the embedder's samples fill. */
  Path search() {
    return events.resolve("search.json");
  }

  /** A queued job whose page is served on this machine. */
  Path scraper(String sample) {
    String jobId = newJob(JobStatus.QUEUED);
    return withBody("scraper.json", sample, new Messages.ScrapeMessage(jobId, pageUrl, "docs", Instant.now()));
  }

  /** A scraped job and its document in S3. */
  Path chunker(String sample) {
    String jobId = newJob(JobStatus.SCRAPING);
    aws.s3().putObject(b -> b.bucket(bucket).key(BlobKeys.document(jobId)),
        RequestBody.fromBytes(Json.writeBytes(new ScrapedDocument(pageUrl, "Tides", paragraphs(12)))));
    return withBody("chunker.json", sample,
        new Messages.ChunkMessage(jobId, pageUrl, "docs", BlobKeys.document(jobId), Instant.now().toString()));
  }

  /** A chunked job with one part of three chunks in S3. */
  Path embedder(String sample) {
    String jobId = newJob(JobStatus.CHUNKING);
    List<Chunk> chunks = IntStream.range(0, 3).mapToObj(i -> new Chunk(i, paragraph(i), 40)).toList();
    aws.s3().putObject(b -> b.bucket(bucket).key(BlobKeys.part(jobId, 0)),
        RequestBody.fromBytes(Json.writeBytes(new ChunkPart(jobId, pageUrl, "docs", "Tides", 0, 1, chunks))));
    jobs.expectParts(jobId, 1, chunks.size());
    return withBody("embedder.json", sample,
        new Messages.EmbedMessage(jobId, pageUrl + "#" + jobId, "docs", BlobKeys.part(jobId, 0), 0, 1, Instant.now()));
  }

  static String paragraphs(int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) text.append(paragraph(i)).append("\n\n");
    return text.toString();
  }

  private static String paragraph(int i) {
    return "Paragraph " + i + " describes how tides rise and fall twice a day as the moon and the sun pull on the"
        + " oceans, why spring tides are higher than neap tides, and how the shape of a bay can amplify the range.";
  }

  private String newJob(JobStatus reached) {
    String jobId = UUID.randomUUID().toString();
    jobs.create(Job.queued(jobId, pageUrl, "docs", Instant.now(), null));
    for (JobStatus stage : List.of(JobStatus.SCRAPING, JobStatus.CHUNKING)) {
      if (reached.ordinal() < stage.ordinal()) break;
      jobs.begin(jobId, stage);
    }
    return jobId;
  }

  private Path withBody(String eventFile, String sample, Object body) {
    ObjectNode event = read(events.resolve(eventFile));
    ((ObjectNode) event.get("Records").get(0)).put("body", Json.write(body));
    Path file = out.resolve(sample + ".json");
    try {
      Files.createDirectories(out);
      PLAIN.writeValue(file.toFile(), event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static ObjectNode read(Path file) {
    try {
      return (ObjectNode) PLAIN.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
