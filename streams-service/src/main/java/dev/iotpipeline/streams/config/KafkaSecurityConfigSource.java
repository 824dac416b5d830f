package dev.iotpipeline.streams.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.iotpipeline.contracts.KafkaSecurityMode;

/**
 * Turns the one setting {@code KAFKA_SECURITY_MODE} ({@code plaintext} | {@code msk-iam}) into the
 * Kafka client properties of every client of this service: Kafka Streams ({@code kafka-streams.*}),
 * the messaging channels and the admin client ({@code kafka.*}). Its ordinal is low, so an explicit
 * property still wins. An unknown value stops start-up with a message naming the setting.
 */
public class KafkaSecurityConfigSource implements ConfigSource {

  private final Map<String, String> properties;

  public KafkaSecurityConfigSource() {
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
    this.properties = Map.copyOf(props);
  }

  @Override
  public Map<String, String> getProperties() {
    return properties;
  }

  @Override
  public Set<String> getPropertyNames() {
    return properties.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return properties.get(propertyName);
  }

  @Override
  public String getName() {
    return "KAFKA_SECURITY_MODE";
  }

  @Override
  public int getOrdinal() {
    // Below application.properties (250): an explicit property overrides the mode's default.
    return 150;
  }
}
