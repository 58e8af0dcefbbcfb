package io.docpipe.shared;

/**
 * One chunk of a document, as the chunker cut it and the embedder stores it.
 *
 * @param chunkIndex position of the chunk in its document, from 0
 * @param text the exact text sent to the embedding model
 * @param tokenCount tokens the model sees for {@code text}, {@code [CLS]} and {@code [SEP]} included
 */
public record Chunk(int chunkIndex, String text, int tokenCount) {
  public Chunk {
    if (chunkIndex < 0) throw new IllegalArgumentException("chunkIndex must be >= 0, was " + chunkIndex);
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("text must not be empty");
    if (tokenCount < 3) throw new IllegalArgumentException("tokenCount counts [CLS] and [SEP], so must be >= 3, was " + tokenCount);
  }
}
