package io.docpipe.shared;

/**
 * The S3 layout. Keys are a pure function of the job, so a redelivered message or a scanner requeue finds the
 * same objects and overwrites rather than duplicates them.
 */
public final class BlobKeys {
  private BlobKeys() {}

  /** The scraped page as a {@link ScrapedDocument} (JSON). */
  public static String document(String jobId) {
    return "documents/" + jobId + "/document.json";
  }

  public static String part(String jobId, int partIndex) {
    return "chunks/" + jobId + "/part-%05d.json".formatted(partIndex);
  }
}
