package io.docpipe.embedder;

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
import io.docpipe.shared.lambda.StageRun;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds and stores one part, then counts it. The part that completes the set removes what an older ingestion of
 * the same URL left and marks the job {@code done}.
 */
final class EmbedderStage {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedderStage.class);

  private final JobStore jobs;
  private final BlobStore blobs;
  private final VectorStore vectors;
  private final BatchEmbedder embedder;
  private final String model;

  EmbedderStage(JobStore jobs, BlobStore blobs, VectorStore vectors, BatchEmbedder embedder, String model) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.vectors = vectors;
    this.embedder = embedder;
    this.model = model;
  }

  void process(EmbedMessage message) {
    StageRun.run(jobs, JobStatus.EMBEDDING, message.jobId(), () -> {
      Job job = jobs.find(message.jobId()).orElseThrow(() -> StageFailure.permanent("job_missing", "job vanished"));
      ChunkPart part = readPart(message.partKey());
      List<float[]> embeddings = embedder.embed(part.chunks());
      List<StoredChunk> rows = new ArrayList<>(embeddings.size());
      for (int i = 0; i < embeddings.size(); i++) {
        Chunk chunk = part.chunks().get(i);
        rows.add(new StoredChunk(message.corpusName(), ChunkIds.of(message.url(), chunk.chunkIndex(), chunk.text()),
            message.url(), message.jobId(), chunk.chunkIndex(), chunk.text(), embeddings.get(i), model, job.createdAt()));
      }
      vectors.upsert(rows);
      JobStore.PartProgress progress = jobs.partDone(message.jobId(), message.partIndex());
      LOG.info("job {} part {} stored: {} chunks ({} of {} parts)", message.jobId(), message.partIndex(), rows.size(),
          progress.partsDone(), progress.partsTotal());
      if (progress.complete()) {
        int removed = vectors.deleteOlderVersions(message.corpusName(), message.url(), job.createdAt());
        if (jobs.complete(message.jobId())) LOG.info("job {} done; {} chunks of older versions removed", message.jobId(), removed);
      }
    });
  }

  private ChunkPart readPart(String key) {
    try {
      return Json.read(blobs.get(key), ChunkPart.class);
    } catch (BlobStore.NotFoundException e) {
      throw StageFailure.permanent("part_missing", "no chunk part at " + key);
    }
  }
}
