package io.docpipe.chunker;

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
import io.docpipe.shared.StageFailure;
import io.docpipe.shared.lambda.StageRun;
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
final class ChunkerStage {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkerStage.class);

  private final JobStore jobs;
  private final BlobStore blobs;
  private final QueueSender queue;
  private final String embedQueueUrl;
  private final Chunker chunker;
  private final int chunksPerPart;

  ChunkerStage(JobStore jobs, BlobStore blobs, QueueSender queue, String embedQueueUrl, Chunker chunker, int chunksPerPart) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.queue = queue;
    this.embedQueueUrl = embedQueueUrl;
    this.chunker = chunker;
    this.chunksPerPart = chunksPerPart;
  }

  void process(ChunkMessage message) {
    StageRun.run(jobs, JobStatus.CHUNKING, message.jobId(), () -> {
      String text = readDocument(message.documentKey());
      List<Chunk> chunks = chunker.split(text);
      if (chunks.isEmpty()) throw StageFailure.permanent("empty_content", "the document has no text to chunk");
      List<List<Chunk>> parts = partition(chunks);
      for (int i = 0; i < parts.size(); i++) {
        ChunkPart part = new ChunkPart(message.jobId(), message.url(), message.corpusName(), i, parts.size(), parts.get(i));
        blobs.put(BlobKeys.part(message.jobId(), i), Json.writeBytes(part), "application/json");
      }
      if (!jobs.expectParts(message.jobId(), parts.size(), chunks.size())) {
        LOG.info("job {} left chunking while it was being chunked; parts not sent", message.jobId());
        return;
      }
      for (int i = 0; i < parts.size(); i++) {
        queue.send(embedQueueUrl, new EmbedMessage(message.jobId(), message.url(), message.corpusName(),
            BlobKeys.part(message.jobId(), i), i, parts.size()));
      }
      LOG.info("job {} chunked: {} chunks in {} parts", message.jobId(), chunks.size(), parts.size());
    });
  }

  private String readDocument(String key) {
    try {
      return new String(blobs.get(key), StandardCharsets.UTF_8);
    } catch (BlobStore.NotFoundException e) {
      throw StageFailure.permanent("document_missing", "no document at " + key);
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
