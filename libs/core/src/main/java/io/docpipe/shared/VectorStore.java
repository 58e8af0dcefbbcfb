package io.docpipe.shared;

import java.util.List;

/**
 * The chunks of every corpus with their vectors and their full text (PostgreSQL + pgvector), keyed by
 * {@code (corpus_name, chunk_id)}; searched by meaning, by keywords, or by both.
 */
public interface VectorStore {

  /**
   * A chunk with its vector. {@code chunkId} is a content hash, so storing the same chunk twice is one row;
   * {@code ingestedAt} is when its job was submitted, which orders competing ingestions of one URL, and
   * {@code jobId} breaks a tie: of two ingestions, the newer is the one with the later {@code (ingestedAt, jobId)}.
   *
   * @param title the document's title, kept with each of its chunks ({@code ""} when the document has none)
   */
  record StoredChunk(String corpusName, String chunkId, String url, String title, String jobId, int chunkIndex,
      String text, float[] embedding, String model, java.time.Instant ingestedAt) {}

  /** A chunk found by a search, with a score whose meaning depends on the search (see each method). */
  record SearchHit(String url, int chunkIndex, String title, String text, double score) {}

  /**
   * Inserts or replaces, in one transaction; newest ingestion wins: a chunk is not written when a newer ingestion of
   * its URL has stored chunks in the corpus, and a row is replaced only by a chunk of the same or a newer ingestion.
   */
  void upsert(List<StoredChunk> chunks);

  /**
   * Called when the ingestion {@code (ingestedAt, jobId)} of {@code url} in {@code corpusName} has stored all its
   * chunks: removes the chunks every older ingestion left, and, if a newer ingestion has stored chunks already (it
   * finished first, or is in flight), this one's own, so that whatever the completion order only the newest
   * ingestion's chunks remain. Returns how many rows were removed.
   */
  int removeSuperseded(String corpusName, String url, String jobId, java.time.Instant ingestedAt);

  /** The {@code topK} chunks of {@code corpusName} nearest to {@code query}, best first; score: cosine similarity. */
  List<SearchHit> search(String corpusName, float[] query, int topK);

  /**
   * The {@code topK} chunks of {@code corpusName} that match {@code query} (any term, every phrase, no excluded term),
   * best first; score: BM25 (k1 0.9, b 0.4) over the corpus's chunks, title and text together.
   */
  List<SearchHit> keywordSearch(String corpusName, KeywordQuery query, int topK);

  /**
   * Both searches fused: the best {@value #HYBRID_CANDIDATES} chunks of each (or {@code topK}, if more), each list's
   * scores scaled to 0..1 (cosine min-max over its candidates, BM25 over its best), combined as
   * {@code vectorWeight * vector + (1 - vectorWeight) * keyword} (a chunk missing from a list scores 0 there); best
   * {@code topK} first, score in 0..1.
   */
  List<SearchHit> hybridSearch(String corpusName, float[] vector, KeywordQuery query, double vectorWeight, int topK);

  /** Candidates each side of a hybrid search contributes, whatever {@code topK}. */
  int HYBRID_CANDIDATES = 100;
}
