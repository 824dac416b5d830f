package dev.iotpipeline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application's Quarkus S3 client at the JVM's {@link EmbeddedS3}
 * server and creates the bucket named by the init arg {@code bucket} (default {@code
 * iot-archive-test}).
 */
public class S3Resource implements QuarkusTestResourceLifecycleManager {

  private String bucket = "iot-archive-test";

  @Override
  public void init(Map<String, String> initArgs) {
    bucket = initArgs.getOrDefault("bucket", bucket);
  }

  @Override
  public Map<String, String> start() {
    EmbeddedS3 s3 = EmbeddedS3.start();
    s3.createBucket(bucket);
    return Map.of(
        "quarkus.s3.endpoint-override",
        s3.endpoint().toString(),
        "quarkus.s3.path-style-access",
        "true",
        "quarkus.s3.aws.region",
        EmbeddedS3.REGION,
        "quarkus.s3.aws.credentials.type",
        "static",
        "quarkus.s3.aws.credentials.static-provider.access-key-id",
        EmbeddedS3.ACCESS_KEY,
        "quarkus.s3.aws.credentials.static-provider.secret-access-key",
        EmbeddedS3.SECRET_KEY,
        "quarkus.s3.sync-client.type",
        "url",
        "quarkus.s3.devservices.enabled",
        "false",
        "archive.bucket",
        bucket);
  }

  @Override
  public void stop() {
    // Shared by every test of the JVM; stops with it.
  }
}
