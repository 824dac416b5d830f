package dev.iotpipeline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application at the JVM's {@link EmbeddedKafka} broker (SmallRye
 * Reactive Messaging and Kafka Streams alike).
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String bootstrap = EmbeddedKafka.start().bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "quarkus.kafka-streams.bootstrap-servers", bootstrap,
        "quarkus.kafka.devservices.enabled", "false");
  }

  @Override
  public void stop() {
    // The broker is shared by every test of the JVM and stops with it.
  }
}
