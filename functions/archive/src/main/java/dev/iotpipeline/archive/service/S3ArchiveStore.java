package dev.iotpipeline.archive.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpipeline.archive.config.ArchiveConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Writes archive objects to the S3 bucket of {@link ArchiveConfig#bucket()}. */
@ApplicationScoped
public class S3ArchiveStore implements ArchiveStore {

  private final S3Client s3;
  private final ArchiveConfig config;

  public S3ArchiveStore(S3Client s3, ArchiveConfig config) {
    this.s3 = s3;
    this.config = config;
  }

  @Override
  public void put(String key, byte[] gzipJsonLines) {
    // No Content-Encoding: gzip on purpose. Athena and Glue decompress by the .gz extension, and
    // with that header many download clients would hand out the uncompressed bytes as a .gz file.
    s3.putObject(
        PutObjectRequest.builder()
            .bucket(config.bucket())
            .key(key)
            .contentType("application/gzip")
            .build(),
        RequestBody.fromBytes(gzipJsonLines));
  }
}
