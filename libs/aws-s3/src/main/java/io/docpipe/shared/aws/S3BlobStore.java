package io.docpipe.shared.aws;

import io.docpipe.shared.BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link BlobStore} over one S3 bucket. */
public final class S3BlobStore implements BlobStore {
  private final S3Client s3;
  private final String bucket;

  public S3BlobStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public void put(String key, byte[] content, String contentType) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
  }

  @Override
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new NotFoundException(key);
    }
  }
}
