package io.docpipe.chunker;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.BlobKeys;
import io.docpipe.shared.BlobStore;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.ChunkPart;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.QueueSender;
import io.docpipe.shared.ScrapedDocument;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.lambda.JobStage;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunks one job's document and fans it out: parts of at most {@code chunksPerPart} chunks to S3, the expected part
 * count to the job, then one embed message per part. Chunking is deterministic and part keys are fixed, so a
 * redelivery rewrites the same parts.
 */
final class ChunkerStage implements JobStage<ChunkMessage> {
  /** The strategy label: cuts prefer paragraph, then sentence boundaries (see {@link Chunker}). */
  static final String STRATEGY = "sentence";
  private static final Logger LOG = LoggerFactory.getLogger(ChunkerStage.class);

  private final JobStore jobs;
  private final BlobStore blobs;
  private final QueueSender queue;
  private final String embedQueueUrl;
  private final Chunker chunker;
  private final int chunksPerPart;
  private final Telemetry telemetry;

  ChunkerStage(JobStore jobs, BlobStore blobs, QueueSender queue, String embedQueueUrl, Chunker chunker, int chunksPerPart,
      Telemetry telemetry) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.queue = queue;
    this.embedQueueUrl = embedQueueUrl;
    this.chunker = chunker;
    this.chunksPerPart = chunksPerPart;
    this.telemetry = telemetry;
  }

  @Override
  public JobStatus stage() {
    return JobStatus.CHUNKING;
  }

  @Override
  public Class<ChunkMessage> messageType() {
    return ChunkMessage.class;
  }

  @Override
  public void process(ChunkMessage message, Invocation invocation) {
    ScrapedDocument document = readDocument(message.documentKey());
    String text = document.text();
    List<Chunk> chunks = split(text);
    if (chunks.isEmpty()) throw StageFailure.permanent("empty_content", "the document has no text to chunk");
    List<List<Chunk>> parts = partition(chunks);
    for (int i = 0; i < parts.size(); i++) {
      ChunkPart part = new ChunkPart(message.jobId(), message.url(), message.corpusName(), document.title(), i,
          parts.size(), parts.get(i));
      blobs.put(BlobKeys.part(message.jobId(), i), Json.writeBytes(part), "application/json");
    }
    if (!jobs.expectParts(message.jobId(), parts.size(), chunks.size())) {
      EventLog.info(LOG, LogEvent.JOB_DROPPED).with(LogField.STAGE, JobStatus.CHUNKING.wire())
          .log("job {} left chunking while it was being chunked; parts not sent", message.jobId());
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      queue.send(embedQueueUrl, new EmbedMessage(message.jobId(), message.url(), message.corpusName(),
          BlobKeys.part(message.jobId(), i), i, parts.size(), message.submittedAt()));
    }
    EventLog.info(LOG, LogEvent.CHUNK_COMPLETED).with(LogField.URL, message.url()).with(LogField.CHUNKS, chunks.size())
        .with(LogField.PARTS, parts.size()).with(LogField.CHARS, text.length())
        .log("job {} chunked: {} chunks in {} parts", message.jobId(), chunks.size(), parts.size());
  }

  /** Tokenizing and cutting is the chunker's CPU: its own span, with the time and memory it took. */
  private List<Chunk> split(String text) {
    long start = System.nanoTime();
    List<Chunk> chunks;
    try (TracedSpan ignored = TracedSpan.start(telemetry.tracer(), "split text")) {
      chunks = chunker.split(text);
    }
    Metrics metrics = telemetry.metrics();
    metrics.recordSince(PipelineMetrics.CHUNKING_DURATION, start, SpanAttributes.MODE_ASYNC);
    metrics.add(PipelineMetrics.CHUNKS_PRODUCED, chunks.size(), STRATEGY);
    for (Chunk chunk : chunks) metrics.record(PipelineMetrics.CHUNK_SIZE_TOKENS, chunk.tokenCount(), STRATEGY);
    return chunks;
  }

  private ScrapedDocument readDocument(String key) {
    try {
      byte[] stored = blobs.get(key);
      // A message sent before documents became JSON (across a deploy) names the plain-text object of old.
      if (key.endsWith(".txt")) return new ScrapedDocument(null, "", new String(stored, StandardCharsets.UTF_8));
      return Json.read(stored, ScrapedDocument.class);
    } catch (BlobStore.NotFoundException e) {
      throw StageFailure.permanent("document_missing", "no document at " + key);
    } catch (Json.MalformedInputException e) {
      throw StageFailure.permanent("document_unreadable", "the document at " + key + " is not a scraped document");
    }
  }

  private List<List<Chunk>> partition(List<Chunk> chunks) {
    List<List<Chunk>> parts = new ArrayList<>();
    for (int from = 0; from < chunks.size(); from += chunksPerPart) {
      parts.add(chunks.subList(from, Math.min(chunks.size(), from + chunksPerPart)));
    }
    return parts;
  }
}
