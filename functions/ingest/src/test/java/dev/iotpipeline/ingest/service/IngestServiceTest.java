package dev.iotpipeline.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.KafkaSecurityMode;
import dev.iotpipeline.ingest.Samples;
import dev.iotpipeline.ingest.config.IngestConfig;
import dev.iotpipeline.ingest.config.IngestSettings;
import dev.iotpipeline.ingest.model.IngestResult;
import dev.iotpipeline.ingest.model.RawMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class IngestServiceTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ProducerRecord<String, byte[]>> published = new ArrayList<>();
  private final IngestService service =
      new IngestService(
          IngestTranslatorTest.TRANSLATOR,
          published::addAll,
          new IngestMetrics(registry),
          TopicNames.contract());

  private double count(String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void readingsArePublishedKeyedBySensorWithEventTimeAsTimestamp() throws Exception {
    IngestResult result =
        service.ingest(
            RawMessage.mqtt(
                Samples.bytes("valid/senml-json--two-sensors-base-values.json"),
                Samples.TOPIC,
                "m-1",
                Samples.RECEIVED_AT));

    assertThat(result.readings()).isEqualTo(4);
    assertThat(published)
        .extracting(ProducerRecord::topic, ProducerRecord::key, ProducerRecord::timestamp)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("iot-raw-events", "m-1", 1_763_999_940_000L),
            org.assertj.core.groups.Tuple.tuple("iot-raw-events", "m-1", 1_763_999_970_000L),
            org.assertj.core.groups.Tuple.tuple("iot-raw-events", "m-2", 1_763_999_955_000L),
            org.assertj.core.groups.Tuple.tuple("iot-raw-events", "m-3", 1_763_999_940_000L));
    JsonNode value = ContractJson.mapper().readTree(published.get(2).value());
    assertThat(value.get("sensorId").asText()).isEqualTo("m-2");
    assertThat(value.get("value").asDouble()).isEqualTo(900.0);
    assertThat(count(IngestMetrics.RECEIVED)).isEqualTo(1);
    assertThat(count(IngestMetrics.ACCEPTED_MESSAGES)).isEqualTo(1);
    assertThat(count(IngestMetrics.ACCEPTED_READINGS)).isEqualTo(4);
    assertThat(registry.find(IngestMetrics.PUBLISH_LATENCY).timer().count()).isEqualTo(1);
  }

  @Test
  void connectedFlagAlsoGoesToThePresenceTopic() {
    service.ingest(
        RawMessage.mqtt(
            Samples.bytes("valid/flat-json--iso-timestamp.json"),
            Samples.TOPIC,
            "m-1",
            Samples.RECEIVED_AT));
    assertThat(published)
        .extracting(ProducerRecord::topic)
        .containsExactly("iot-raw-events", "iot-raw-events", "iot-device-presence");
  }

  @Test
  void rejectIsOneDeadLetterCountedByReason() {
    IngestResult result =
        service.ingest(
            RawMessage.mqtt(
                Samples.bytes("invalid/NON_FINITE_VALUE--nan.json"),
                Samples.TOPIC,
                "m-1",
                Samples.RECEIVED_AT));

    assertThat(result.deadLetter().reason()).isEqualTo(DeadLetterReason.NON_FINITE_VALUE);
    assertThat(published)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo("iot-dlq");
              assertThat(r.key()).isEqualTo("m-1");
            });
    assertThat(
            registry
                .find(IngestMetrics.REJECTED)
                .tag("reason", "NON_FINITE_VALUE")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(count(IngestMetrics.RECEIVED))
        .isEqualTo(count(IngestMetrics.ACCEPTED_MESSAGES) + count(IngestMetrics.REJECTED));
  }

  @Test
  void invocationFailsWithinBoundedTimeWhenTheBrokerIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> props =
        IngestSettings.producerProperties(
            "127.0.0.1:" + closedPort, KafkaSecurityMode.PLAINTEXT, shortBounds());
    try (Producer<String, byte[]> producer = new KafkaProducer<>(props)) {
      IngestService failing =
          new IngestService(
              IngestTranslatorTest.TRANSLATOR,
              new KafkaRecordPublisher(producer, Duration.ofSeconds(10)),
              new IngestMetrics(registry),
              TopicNames.contract());
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  failing.ingest(
                      RawMessage.mqtt(
                          Samples.bytes("valid/flat-json--epoch-seconds.json"),
                          Samples.TOPIC,
                          "m-1",
                          Samples.RECEIVED_AT)))
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("iot-raw-events");
      // Bounded by max.block.ms (1 s) + delivery.timeout.ms (1.5 s), not by Kafka's 60 s defaults.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
    assertThat(count(IngestMetrics.PUBLISH_FAILURES)).isEqualTo(1);
    assertThat(count(IngestMetrics.ACCEPTED_MESSAGES)).isZero();
    assertThat(count(IngestMetrics.REJECTED)).isZero();
  }

  private static IngestConfig.ProducerConfig shortBounds() {
    return new IngestConfig.ProducerConfig() {
      @Override
      public Duration maxBlock() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofMillis(1000);
      }

      @Override
      public Duration deliveryTimeout() {
        return Duration.ofMillis(1500);
      }

      @Override
      public Duration linger() {
        return Duration.ofMillis(5);
      }

      @Override
      public boolean flush() {
        return true;
      }

      @Override
      public int batchSize() {
        return 65536;
      }

      @Override
      public String compression() {
        return "lz4";
      }

      @Override
      public Duration closeTimeout() {
        return Duration.ofSeconds(1);
      }
    };
  }
}
