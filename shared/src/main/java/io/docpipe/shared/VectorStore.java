package io.docpipe.shared;

import java.util.List;

/** The vectors (PostgreSQL + pgvector), keyed by {@code (corpus_name, chunk_id)}. */
public interface VectorStore {

  /**
   * A chunk with its vector. {@code chunkId} is a content hash, so storing the same chunk twice is one row;
   * {@code ingestedAt} is when its job was submitted, which orders competing ingestions of one URL.
   */
  record StoredChunk(String corpusName, String chunkId, String url, String jobId, int chunkIndex, String text,
      float[] embedding, String model, java.time.Instant ingestedAt) {}

  record SearchHit(String url, int chunkIndex, String text, double score) {}

  /** Inserts or replaces, in one transaction. */
  void upsert(List<StoredChunk> chunks);

  /**
   * Removes the chunks of {@code url} in {@code corpusName} that ingestions submitted before {@code ingestedAt} left
   * behind. Older, not merely other: a newer ingestion still in flight keeps its rows.
   */
  int deleteOlderVersions(String corpusName, String url, java.time.Instant ingestedAt);

  /** The {@code topK} chunks of {@code corpusName} nearest to {@code query} by cosine, best first. */
  List<SearchHit> search(String corpusName, float[] query, int topK);
}
