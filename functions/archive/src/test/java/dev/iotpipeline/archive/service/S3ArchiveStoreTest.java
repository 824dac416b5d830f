package dev.iotpipeline.archive.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.archive.config.ArchiveConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ArchiveStoreTest {

  private static final ArchiveConfig CONFIG = () -> "archive-bucket";

  /** Fails the first {@code failures} puts as the URL connection client does, then stores. */
  private static final class DroppingS3 implements S3Client {
    final List<String> stored = new ArrayList<>();
    int failures;
    int calls;
    RuntimeException failure =
        new UncheckedIOException(new SocketException("Unexpected end of file from server"));

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
      calls++;
      if (failures-- > 0) {
        throw failure;
      }
      try (var in = body.contentStreamProvider().newStream()) {
        stored.add(request.bucket() + "/" + request.key() + ":" + in.readAllBytes().length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return PutObjectResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  @Test
  void aPutOnAConnectionTheServerHadClosedIsTriedAgainWithTheSameBytes() {
    DroppingS3 s3 = new DroppingS3();
    s3.failures = S3ArchiveStore.ATTEMPTS - 1;

    new S3ArchiveStore(s3, CONFIG).put("raw/dt=2026-11-24/hour=20/a.json.gz", new byte[] {1, 2, 3});

    assertThat(s3.calls).isEqualTo(S3ArchiveStore.ATTEMPTS);
    assertThat(s3.stored).containsExactly("archive-bucket/raw/dt=2026-11-24/hour=20/a.json.gz:3");
  }

  @Test
  void aConnectionFailingEveryAttemptFailsThePutWithItsCause() {
    DroppingS3 s3 = new DroppingS3();
    s3.failures = S3ArchiveStore.ATTEMPTS;

    assertThatThrownBy(() -> new S3ArchiveStore(s3, CONFIG).put("k", new byte[] {1}))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseInstanceOf(SocketException.class);
    assertThat(s3.calls).isEqualTo(S3ArchiveStore.ATTEMPTS);
    assertThat(s3.stored).isEmpty();
  }

  @Test
  void anAnswerFromS3IsNotTriedAgainHere() {
    DroppingS3 s3 = new DroppingS3();
    s3.failures = 1;
    s3.failure = S3Exception.builder().message("Access Denied").statusCode(403).build();

    assertThatThrownBy(() -> new S3ArchiveStore(s3, CONFIG).put("k", new byte[] {1}))
        .isInstanceOf(S3Exception.class);
    assertThat(s3.calls).isEqualTo(1);
  }
}
