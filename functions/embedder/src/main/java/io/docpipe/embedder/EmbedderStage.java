package io.docpipe.embedder;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.BlobStore;
import io.docpipe.shared.Chunk;
import io.docpipe.shared.ChunkPart;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.VectorStore;
import io.docpipe.shared.VectorStore.StoredChunk;
import io.docpipe.shared.lambda.JobStage;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Metrics;
import io.docpipe.shared.telemetry.PipelineMetrics;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds and stores one part, then counts it. The part that completes the set removes what older ingestions of the
 * same URL left (and this one's chunks, if a newer ingestion has stored some: the newest submission wins) and marks
 * the job {@code done}.
 */
final class EmbedderStage implements JobStage<EmbedMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedderStage.class);

  private final JobStore jobs;
  private final BlobStore blobs;
  private final VectorStore vectors;
  private final BatchEmbedder embedder;
  private final String model;
  private final Telemetry telemetry;
  private final Clock clock;

  EmbedderStage(JobStore jobs, BlobStore blobs, VectorStore vectors, BatchEmbedder embedder, String model,
      Telemetry telemetry, Clock clock) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.vectors = vectors;
    this.embedder = embedder;
    this.model = model;
    this.telemetry = telemetry;
    this.clock = clock;
  }

  @Override
  public JobStatus stage() {
    return JobStatus.EMBEDDING;
  }

  @Override
  public Class<EmbedMessage> messageType() {
    return EmbedMessage.class;
  }

  @Override
  public void process(EmbedMessage message, Invocation invocation) {
    Instant submittedAt = message.submitted() != null ? message.submitted()
        : jobs.find(message.jobId()).map(Job::createdAt)
            .orElseThrow(() -> StageFailure.permanent("job_missing", "job vanished"));
    ChunkPart part = readPart(message.partKey());
    long start = System.nanoTime();
    List<float[]> embeddings = embedder.embed(part.chunks(), invocation);
    List<StoredChunk> rows = new ArrayList<>(embeddings.size());
    for (int i = 0; i < embeddings.size(); i++) {
      Chunk chunk = part.chunks().get(i);
      rows.add(new StoredChunk(message.corpusName(), ChunkIds.of(message.url(), chunk.chunkIndex(), chunk.text()),
          message.url(), part.title(), message.jobId(), chunk.chunkIndex(), chunk.text(), embeddings.get(i), model,
          submittedAt));
    }
    try (TracedSpan ignored = TracedSpan.start(telemetry.tracer(), "upsert vectors")
        .set(SpanAttributes.OPERATION, SpanAttributes.OPERATION_WRITE).set(SpanAttributes.CORPUS_NAME, message.corpusName())) {
      vectors.upsert(rows);
    }
    Metrics metrics = telemetry.metrics();
    metrics.add(PipelineMetrics.EMBEDDINGS_STORED, rows.size());
    metrics.recordSince(PipelineMetrics.EMBEDDING_REQUEST_DURATION, start, SpanAttributes.OPERATION_WRITE);
    JobStore.PartProgress progress = jobs.partDone(message.jobId(), message.partIndex());
    EventLog.info(LOG, LogEvent.PART_STORED).with(LogField.PART_INDEX, message.partIndex()).with(LogField.CHUNKS, rows.size())
        .with(LogField.PARTS_DONE, progress.partsDone()).with(LogField.PARTS_TOTAL, progress.partsTotal())
        .with(LogField.OPERATION, SpanAttributes.OPERATION_WRITE)
        .log("job {} part {} stored: {} chunks ({} of {} parts)", message.jobId(), message.partIndex(), rows.size(),
            progress.partsDone(), progress.partsTotal());
    if (progress.complete()) finish(message, submittedAt);
  }

  private void finish(EmbedMessage message, Instant submittedAt) {
    int removed = vectors.removeSuperseded(message.corpusName(), message.url(), message.jobId(), submittedAt);
    if (!jobs.complete(message.jobId())) return;
    Metrics metrics = telemetry.metrics();
    metrics.add(PipelineMetrics.JOBS_COMPLETED, 1, JobStatus.DONE.wire());
    Duration endToEnd = submittedAt == null ? null : Duration.between(submittedAt, clock.instant());
    if (endToEnd != null) metrics.record(PipelineMetrics.JOB_END_TO_END_DURATION, endToEnd.toMillis() / 1e3);
    EventLog.info(LOG, LogEvent.JOB_DONE).with(LogField.URL, message.url()).with(LogField.REMOVED, removed)
        .with(LogField.DURATION_MS, endToEnd == null ? null : endToEnd.toMillis())
        .log("job {} done; {} superseded chunks removed", message.jobId(), removed);
  }

  private ChunkPart readPart(String key) {
    try {
      return Json.read(blobs.get(key), ChunkPart.class);
    } catch (BlobStore.NotFoundException e) {
      throw StageFailure.permanent("part_missing", "no chunk part at " + key);
    }
  }
}
