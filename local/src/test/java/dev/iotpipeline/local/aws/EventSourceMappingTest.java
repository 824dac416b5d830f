package dev.iotpipeline.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.testsupport.EmbeddedKafka;

/** The local event source mapping against a real broker and a function behind the Runtime API. */
class EventSourceMappingTest {

  private final EmbeddedKafka kafka = EmbeddedKafka.start();
  private String topic;
  private String failures;
  private KafkaProducer<byte[], byte[]> failureProducer;

  @BeforeEach
  void topics() {
    topic = "esm-in-" + UUID.randomUUID();
    kafka.createTopics(1, topic, EventSourceMapping.FAILURE_TOPIC);
    failures = EventSourceMapping.FAILURE_TOPIC;
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    failureProducer = new KafkaProducer<>(config);
  }

  @AfterEach
  void close() {
    failureProducer.close();
  }

  @Test
  void shouldDeliverEveryRecordInMskBatchesNoLargerThanTheBatchSize() throws Exception {
    send(25);
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("batches", 10);
        FakeFunction function = new FakeFunction(api, event -> "null");
        EventSourceMapping mapping =
            new EventSourceMapping(
                    "batches",
                    kafka.bootstrapServers(),
                    List.of(topic),
                    api,
                    10,
                    200,
                    0,
                    failureProducer)
                .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> mapping.records() == 25);

      int delivered = 0;
      for (String event : function.events) {
        JsonNode batch = ContractJson.mapper().readTree(event);
        assertThat(batch.path("eventSource").asText()).isEqualTo("aws:kafka");
        int size = batch.path("records").path(topic + "-0").size();
        assertThat(size).isBetween(1, 10);
        delivered += size;
      }
      assertThat(delivered).isEqualTo(25);
      assertThat(mapping.failedBatches()).isZero();
    }
  }

  @Test
  void shouldRetryAFailedBatchThenSucceedWithoutLosingIt() throws Exception {
    send(3);
    AtomicInteger calls = new AtomicInteger();
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("flaky", 10);
        FakeFunction function =
            new FakeFunction(api, event -> calls.incrementAndGet() <= 2 ? null : "null");
        EventSourceMapping mapping =
            new EventSourceMapping(
                    "flaky",
                    kafka.bootstrapServers(),
                    List.of(topic),
                    api,
                    10,
                    500,
                    2,
                    failureProducer)
                .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> mapping.records() == 3);

      assertThat(calls.get()).isEqualTo(3);
      assertThat(function.events).allMatch(e -> e.equals(function.events.get(0)));
      assertThat(mapping.failedBatches()).isZero();
    }
  }

  @Test
  void shouldSendABatchThatKeepsFailingToTheOnFailureDestinationAndMoveOn() throws Exception {
    send(2);
    String marker = topic;
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("broken", 10);
        FakeFunction function = new FakeFunction(api, event -> null);
        EventSourceMapping mapping =
            new EventSourceMapping(
                    "broken-" + marker,
                    kafka.bootstrapServers(),
                    List.of(topic),
                    api,
                    10,
                    500,
                    1,
                    failureProducer)
                .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> mapping.failedBatches() >= 1);

      List<ConsumerRecord<String, String>> records =
          kafka.read(failures, 1_000, Duration.ofSeconds(3)).stream()
              .filter(r -> r.key().equals("broken-" + marker))
              .toList();
      assertThat(records).hasSize(1);
      JsonNode failure = ContractJson.mapper().readTree(records.get(0).value());
      assertThat(failure.path("requestContext").path("condition").asText())
          .isEqualTo("RetryAttemptsExhausted");
      assertThat(failure.path("requestContext").path("approximateInvokeCount").asInt())
          .isEqualTo(2);
      assertThat(failure.path("KafkaBatchInfo").path("batchSize").asInt()).isEqualTo(2);
      assertThat(
              failure.path("KafkaBatchInfo").path("partitions").get(0).path("endOffset").asLong())
          .isEqualTo(1);
      assertThat(function.events).hasSize(2);
    }
  }

  private void send(int count) {
    Map<String, String> records = new HashMap<>();
    IntStream.range(0, count).forEach(i -> records.put("k-" + i, "{\"i\":" + i + "}"));
    kafka.send(topic, records);
  }
}
