package dev.iotpipeline.fanout.client;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes one message to an SNS topic and classifies failures like {@link PagerDutyClient}:
 * throttling, 5xx and client-side failures (timeouts, connection) are retryable; other service
 * errors (403, 404 topic) are permanent.
 */
@ApplicationScoped
public class SnsPublisher {

  private final SnsClient sns;

  public SnsPublisher(SnsClient sns) {
    this.sns = sns;
  }

  /**
   * Publishes once.
   *
   * @param attributes String message attributes (null or empty values are left out)
   * @return the SNS message id
   */
  public String publish(
      String topicArn, String subject, String message, Map<String, String> attributes) {
    Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
    attributes.forEach(
        (name, value) -> {
          if (value != null && !value.isEmpty()) {
            values.put(
                name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build());
          }
        });
    PublishRequest request =
        PublishRequest.builder()
            .topicArn(topicArn)
            .subject(subject)
            .message(message)
            .messageAttributes(values)
            .build();
    try {
      return sns.publish(request).messageId();
    } catch (AwsServiceException e) {
      int status = e.statusCode();
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String detail = "SNS answered HTTP " + status + " (" + code + ") for " + topicArn;
      if (status == 429 || status >= 500 || e.isThrottlingException()) {
        throw DeliveryException.retryable(detail, null, e);
      }
      throw DeliveryException.permanent(detail, e);
    } catch (SdkClientException e) {
      throw DeliveryException.retryable(
          "SNS could not be reached for " + topicArn + ": " + e.getMessage(), null, e);
    } catch (UncheckedIOException e) {
      // The URL connection client reports some connection failures (a keep-alive connection the
      // server had closed) this way, past the SDK's own retries (aws-sdk-java-v2 #7347).
      throw DeliveryException.retryable(
          "SNS connection failed for " + topicArn + ": " + e.getMessage(), null, e);
    }
  }
}
