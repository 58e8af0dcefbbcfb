package io.docpipe.shared;

/** The bodies that ride the stage queues. Large payloads never do: they carry S3 keys (claim check). */
public final class Messages {
  private Messages() {}

  /** api -> scraper. */
  public record ScrapeMessage(String jobId, String url, String corpusName) {}

  /** scraper -> chunker: where the extracted text is. */
  public record ChunkMessage(String jobId, String url, String corpusName, String documentKey) {}

  /** chunker -> embedder: one part of at most {@code CHUNKS_PER_PART} chunks. */
  public record EmbedMessage(String jobId, String url, String corpusName, String partKey, int partIndex, int partsTotal) {}
}
