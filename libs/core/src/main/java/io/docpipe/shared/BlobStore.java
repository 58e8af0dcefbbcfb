package io.docpipe.shared;

/** Documents and chunk parts (S3). */
public interface BlobStore {
  void put(String key, byte[] content, String contentType);

  /** The object's bytes; {@link NotFoundException} when there is none. */
  byte[] get(String key);

  final class NotFoundException extends RuntimeException {
    public NotFoundException(String key) {
      super("no object at " + key);
    }
  }
}
