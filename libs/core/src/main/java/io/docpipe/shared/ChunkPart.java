package io.docpipe.shared;

import java.util.List;

/**
 * One part of a document's chunks, as the chunker writes it to S3 and the embedder reads it.
 *
 * @param title the document's title ({@code ""} when none), stored with each chunk
 */
public record ChunkPart(String jobId, String url, String corpusName, String title, int partIndex, int partsTotal,
    List<Chunk> chunks) {
  public ChunkPart {
    title = title == null ? "" : title; // parts written before titles were kept have none
  }
}
