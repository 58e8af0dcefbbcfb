package io.docpipe.shared;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The bodies that ride the stage queues. Large payloads never do: they carry S3 keys (claim check). Each carries the
 * job's {@code submitted_at} (its {@code created_at}, ISO-8601), which orders competing ingestions of one URL, so the
 * embedder needs no read of the job; a message sent before the field existed has none, and the stage reads the job.
 */
public final class Messages {
  private Messages() {}

  /** A message that carries a job through a stage: which job, and what its spans and log lines name it by. */
  public interface JobMessage {
    String jobId();

    String url();

    String corpusName();
  }

  /** api -> scraper. */
  public record ScrapeMessage(String jobId, String url, String corpusName, String submittedAt) implements JobMessage {
    public ScrapeMessage(String jobId, String url, String corpusName, Instant submittedAt) {
      this(jobId, url, corpusName, text(submittedAt));
    }
  }

  /** scraper -> chunker: where the extracted text is. */
  public record ChunkMessage(String jobId, String url, String corpusName, String documentKey, String submittedAt)
      implements JobMessage {}

  /**
   * An opening of the inference circuit -> its half-open probe, delayed to the end of the open period. {@code since}
   * names the opening (when it was entered, to the millisecond the shared state keeps): a message for an earlier
   * opening finds another one in charge and does nothing.
   */
  public record ProbeMessage(String since) {}

  /** chunker -> embedder: one part of at most {@code CHUNKS_PER_PART} chunks. */
  public record EmbedMessage(String jobId, String url, String corpusName, String partKey, int partIndex, int partsTotal,
      String submittedAt) implements JobMessage {
    public EmbedMessage(String jobId, String url, String corpusName, String partKey, int partIndex, int partsTotal,
        Instant submittedAt) {
      this(jobId, url, corpusName, partKey, partIndex, partsTotal, text(submittedAt));
    }

    /** When the job was submitted, or null for a message that does not say (or says it badly). */
    public Instant submitted() {
      try {
        return submittedAt == null ? null : Instant.parse(submittedAt);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
