package dev.iotpipeline.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.KafkaSecurityMode;

class IngestSettingsTest {

  record Topics(String rawEvents, String devicePresence, String deadLetters)
      implements IngestConfig.TopicsConfig {}

  record Producer(
      Duration maxBlock,
      Duration requestTimeout,
      Duration deliveryTimeout,
      Duration linger,
      int batchSize,
      String compression,
      Duration closeTimeout,
      boolean flush)
      implements IngestConfig.ProducerConfig {}

  record Metrics(boolean emfEnabled, String namespace) implements IngestConfig.MetricsConfig {}

  record Config(
      int maxPayloadBytes,
      Duration maxFutureSkew,
      Topics topics,
      Producer producer,
      Metrics metrics)
      implements IngestConfig {}

  static Producer defaults() {
    return new Producer(
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofMillis(5),
        65536,
        "lz4",
        Duration.ofSeconds(5),
        true);
  }

  static Config config(int maxPayloadBytes, Producer producer) {
    return new Config(
        maxPayloadBytes,
        Duration.ofHours(1),
        new Topics("iot-raw-events", "iot-device-presence", "iot-dlq"),
        producer,
        new Metrics(false, "IotPipeline"));
  }

  @Test
  void defaultsPass() {
    assertThatCode(() -> IngestSettings.check(config(131_072, defaults()), "localhost:9092"))
        .doesNotThrowAnyException();
  }

  @Test
  void badSettingsAreNamedInTheMessage() {
    Producer shortDelivery =
        new Producer(
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofMillis(5),
            65536,
            "brotli",
            Duration.ofSeconds(5),
            true);
    assertThatThrownBy(() -> IngestSettings.check(config(0, shortDelivery), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrap.servers")
        .hasMessageContaining("ingest.max-payload-bytes")
        .hasMessageContaining("ingest.producer.delivery-timeout")
        .hasMessageContaining("ingest.producer.compression");
  }

  @Test
  void metricsNamespaceMustBeUsableByCloudWatch() {
    assertThatCode(() -> IngestSettings.checkMetrics(new Metrics(true, "IotPipeline")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> IngestSettings.checkMetrics(new Metrics(true, "AWS/Lambda")))
        .hasMessageContaining("ingest.metrics.namespace");
    assertThatThrownBy(() -> IngestSettings.checkMetrics(new Metrics(true, " ")))
        .hasMessageContaining("INGEST_METRICS_NAMESPACE");
  }

  @Test
  void producerHasTheSeedsDurabilityAndBatchingSettings() {
    Map<String, Object> props =
        IngestSettings.producerProperties("b:9098", KafkaSecurityMode.MSK_IAM, defaults());
    assertThat(props)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("batch.size", 65536)
        .containsEntry("linger.ms", 5)
        .containsEntry("compression.type", "lz4")
        .containsEntry("delivery.timeout.ms", 15_000)
        .containsEntry("max.block.ms", 10_000L)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM");
  }
}
