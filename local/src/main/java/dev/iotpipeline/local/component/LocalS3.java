package dev.iotpipeline.local.component;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.iotpipeline.testsupport.EmbeddedS3;

/** The S3 stand-in (S3Proxy), objects kept as files in a folder so they survive restarts. */
public final class LocalS3 implements AutoCloseable {

  private final EmbeddedS3 s3;

  private LocalS3(EmbeddedS3 s3) {
    this.s3 = s3;
  }

  /** Starts the store on {@code port} and creates {@code bucket} if it is missing. */
  public static LocalS3 start(Path folder, int port, String bucket) throws Exception {
    Files.createDirectories(folder);
    EmbeddedS3 s3 = EmbeddedS3.start(port, folder);
    s3.createBucket(bucket);
    return new LocalS3(s3);
  }

  public String endpoint() {
    return s3.endpoint().toString();
  }

  @Override
  public void close() {
    s3.stop();
  }
}
