package dev.iotpipeline.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

class SnsPublisherTest {

  private static final String TOPIC = "arn:aws:sns:eu-central-1:123456789012:iot-critical";

  /** An SNS client whose every publish ends as {@code outcome} says. */
  private static SnsPublisher publisher(Supplier<PublishResponse> outcome) {
    return new SnsPublisher(
        new SnsClient() {
          @Override
          public PublishResponse publish(PublishRequest request) {
            return outcome.get();
          }

          @Override
          public String serviceName() {
            return "sns";
          }

          @Override
          public void close() {}
        });
  }

  private static DeliveryException failure(Supplier<PublishResponse> outcome) {
    return catchThrowableOfType(
        DeliveryException.class,
        () -> publisher(outcome).publish(TOPIC, "subject", "message", Map.of("severity", "x")));
  }

  @Test
  void aConnectionTheServerHadClosedIsRetryable() {
    DeliveryException e =
        failure(
            () -> {
              throw new UncheckedIOException(new SocketException("Unexpected end of file"));
            });

    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageContaining(TOPIC).hasRootCauseInstanceOf(SocketException.class);
  }

  @Test
  void anUnreachableServiceAndServerErrorsAreRetryableAndADeniedTopicIsNot() {
    assertThat(
            failure(
                    () -> {
                      throw SdkClientException.create("connect timed out");
                    })
                .retryable())
        .isTrue();
    assertThat(
            failure(
                    () -> {
                      throw sns(500, "InternalError");
                    })
                .retryable())
        .isTrue();
    assertThat(
            failure(
                    () -> {
                      throw sns(403, "AuthorizationError");
                    })
                .retryable())
        .isFalse();
  }

  @Test
  void aPublishedMessageReturnsItsId() {
    String id =
        publisher(() -> PublishResponse.builder().messageId("m-1").build())
            .publish(TOPIC, "subject", "message", Map.of());

    assertThat(id).isEqualTo("m-1");
  }

  private static SnsException sns(int status, String code) {
    return (SnsException)
        SnsException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .message(code)
            .build();
  }
}
