package dev.iotpipeline.archive.service;

import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.iotpipeline.archive.config.ArchiveConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes archive objects to the S3 bucket of {@link ArchiveConfig#bucket()}.
 *
 * <p>The SDK retries what its retry policy sees. One failure it does not see: the URL connection
 * client reports a keep-alive connection that the server had already closed (seen here as
 * "Unexpected end of file from server" while reading the answer to {@code Expect: 100-continue}) as
 * an {@link UncheckedIOException}, which escapes the SDK's retry stage (aws-sdk-java-v2 #7347,
 * fixed upstream after the SDK the Quarkus platform brings). A put of the same key and bytes is
 * idempotent, so such a put is tried again here, on a fresh connection, up to {@link #ATTEMPTS}
 * times in all.
 */
@ApplicationScoped
public class S3ArchiveStore implements ArchiveStore {

  static final int ATTEMPTS = 3;

  private static final Logger LOG = Logger.getLogger(S3ArchiveStore.class);

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
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(config.bucket())
            .key(key)
            .contentType("application/gzip")
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(request, RequestBody.fromBytes(gzipJsonLines));
        return;
      } catch (UncheckedIOException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warnf(
            "put of %s failed (attempt %d of %d), trying again: %s", key, attempt, ATTEMPTS, e);
      }
    }
  }
}
