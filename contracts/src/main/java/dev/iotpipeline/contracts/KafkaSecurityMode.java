package dev.iotpipeline.contracts;

import java.util.Locale;
import java.util.Map;

/**
 * How a component authenticates to the Kafka brokers, chosen by the setting {@code
 * KAFKA_SECURITY_MODE}: {@code plaintext} for local runs and tests, {@code msk-iam} for Amazon MSK
 * (TLS + IAM, SASL mechanism AWS_MSK_IAM, credentials from the Lambda/ECS role through
 * software.amazon.msk:aws-msk-iam-auth, which the component must have on its classpath).
 */
public enum KafkaSecurityMode {
  PLAINTEXT(Map.of("security.protocol", "PLAINTEXT")),
  MSK_IAM(
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "AWS_MSK_IAM",
          "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
          "sasl.client.callback.handler.class",
              "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));

  private final Map<String, String> clientProperties;

  KafkaSecurityMode(Map<String, String> clientProperties) {
    this.clientProperties = clientProperties;
  }

  /** The Kafka client properties (producer, consumer, admin, streams) of this mode. */
  public Map<String, String> clientProperties() {
    return clientProperties;
  }

  /**
   * Reads the setting's value, e.g. {@code msk-iam}.
   *
   * @throws IllegalArgumentException naming the setting and the accepted values
   */
  public static KafkaSecurityMode fromSetting(String value) {
    String normalized =
        value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (KafkaSecurityMode mode : values()) {
      if (mode.name().equals(normalized)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "KAFKA_SECURITY_MODE must be 'plaintext' or 'msk-iam', not '" + value + "'");
  }
}
