package dev.iotpipeline.streams.config;

import java.util.HashMap;
import java.util.Map;

import dev.iotpipeline.contracts.KafkaSecurityMode;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Turns the one setting {@code KAFKA_SECURITY_MODE} ({@code plaintext} | {@code msk-iam}) into the
 * Kafka client properties of every client of this service: Kafka Streams ({@code kafka-streams.*}),
 * the messaging channels and the admin client ({@code kafka.*}). Its ordinal is low, so an explicit
 * property still wins. An unknown value stops start-up with a message naming the setting.
 */
public class KafkaSecurityConfigSource extends MapBackedConfigSource {

  /** Below application.properties (250): an explicit property overrides the mode's default. */
  private static final int ORDINAL = 150;

  public KafkaSecurityConfigSource() {
    super("KAFKA_SECURITY_MODE", properties(), ORDINAL);
  }

  private static Map<String, String> properties() {
    String setting =
        System.getProperty("KAFKA_SECURITY_MODE", System.getenv("KAFKA_SECURITY_MODE"));
    KafkaSecurityMode mode =
        setting == null || setting.isBlank()
            ? KafkaSecurityMode.PLAINTEXT
            : KafkaSecurityMode.fromSetting(setting);
    Map<String, String> props = new HashMap<>();
    mode.clientProperties()
        .forEach(
            (key, value) -> {
              props.put("kafka." + key, value);
              props.put("kafka-streams." + key, value);
            });
    return Map.copyOf(props);
  }
}
