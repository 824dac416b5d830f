package dev.iotpipeline.ingest.function;

import static dev.iotpipeline.ingest.function.CannedEvents.event;
import static dev.iotpipeline.ingest.function.CannedEvents.tree;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.ingest.service.IngestMetrics;
import dev.iotpipeline.testsupport.EmbeddedKafka;
import dev.iotpipeline.testsupport.KafkaResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The function as Lambda runs it: canned trigger events posted to the Funqy mock event server, the
 * records read back from the real (embedded) Kafka broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class IngestFunctionTest {

  private static final List<String> TOPICS =
      List.of(Topics.RAW_EVENTS, Topics.DEVICE_PRESENCE, Topics.DLQ);

  @Inject MeterRegistry registry;

  private KafkaConsumer<String, String> consumer;

  @BeforeEach
  void startAtTheEndOfEveryTopic() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    kafka.createTopics(1, TOPICS.toArray(String[]::new));
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions =
        TOPICS.stream().map(topic -> new TopicPartition(topic, 0)).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  @AfterEach
  void receivedIsAcceptedPlusRejected() {
    consumer.close();
    assertThat(count(IngestMetrics.RECEIVED))
        .isPositive()
        .isEqualTo(count(IngestMetrics.ACCEPTED_MESSAGES) + count(IngestMetrics.REJECTED));
  }

  @Test
  void iotRuleFlatJsonBecomesReadingsKeyedBySensorWithEventTime() {
    JsonNode answer = invoke(event("iot-rule/flat-json.json"));

    assertThat(answer.get("accepted").asInt()).isEqualTo(2);
    Map<String, List<ConsumerRecord<String, String>>> records = readNew(3);
    assertThat(records.get(Topics.RAW_EVENTS))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.key()).isEqualTo("m-1");
              assertThat(r.timestamp()).isEqualTo(1_763_999_970_000L);
              assertThat(
                      ContractSchemas.get()
                          .validate(ContractSchema.CANONICAL_READING, tree(r.value())))
                  .isEmpty();
            });
    assertThat(records.get(Topics.DEVICE_PRESENCE)).hasSize(1);
    assertThat(records.get(Topics.DLQ)).isEmpty();
  }

  @Test
  void iotRuleSenmlCborWithSeveralSensorsKeysEachReadingByItsSensor() {
    invoke(event("iot-rule/senml-json-two-sensors.json"));
    assertThat(readNew(4).get(Topics.RAW_EVENTS))
        .extracting(ConsumerRecord::key)
        .containsExactly("m-1", "m-1", "m-2", "m-3");

    JsonNode answer = invoke(event("iot-rule/senml-cbor.json"));
    assertThat(answer.get("accepted").asInt()).isEqualTo(3);
    Map<String, List<ConsumerRecord<String, String>>> records = readNew(4);
    assertThat(records.get(Topics.RAW_EVENTS)).hasSize(3);
    assertThat(tree(records.get(Topics.RAW_EVENTS).get(0).value()).at("/source/format").asText())
        .isEqualTo("SENML_CBOR");
  }

  @ParameterizedTest
  @CsvSource({
    "iot-rule/malformed-json.json, MALFORMED_JSON",
    "iot-rule/non-finite.json, NON_FINITE_VALUE",
    "iot-rule/sensor-id-mismatch.json, SENSOR_ID_MISMATCH",
    "iot-rule/invalid-senml.json, INVALID_SENML",
    "iot-rule/truncated-cbor.json, MALFORMED_CBOR",
    "iot-rule/not-base64.json, MALFORMED_EVENT",
  })
  void badIotRuleInputLandsInTheDlqWithItsReason(String event, String reason) {
    JsonNode answer = invoke(event(event));

    assertThat(answer.get("rejected").asText()).isEqualTo(reason);
    Map<String, List<ConsumerRecord<String, String>>> records = readNew(1);
    assertThat(records.get(Topics.RAW_EVENTS)).isEmpty();
    assertThat(records.get(Topics.DLQ))
        .singleElement()
        .satisfies(
            r -> {
              JsonNode deadLetter = tree(r.value());
              assertThat(deadLetter.get("reason").asText()).isEqualTo(reason);
              assertThat(deadLetter.get("stage").asText()).isEqualTo("ingest");
              assertThat(r.key()).isEqualTo("m-1");
              assertThat(ContractSchemas.get().validate(ContractSchema.DEAD_LETTER, deadLetter))
                  .isEmpty();
            });
  }

  @Test
  void lifecycleEventsBecomePresenceChanges() {
    invoke(event("lifecycle/connected.json"));
    invoke(event("lifecycle/disconnected.json"));

    Map<String, List<ConsumerRecord<String, String>>> records = readNew(2);
    assertThat(records.get(Topics.DEVICE_PRESENCE))
        .extracting(r -> tree(r.value()).get("connected").asBoolean(), ConsumerRecord::timestamp)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(true, 1_763_999_990_000L),
            org.assertj.core.groups.Tuple.tuple(false, 1_763_999_995_000L));
    assertThat(
            tree(records.get(Topics.DEVICE_PRESENCE).get(1).value())
                .get("disconnectReason")
                .asText())
        .isEqualTo("MQTT_KEEP_ALIVE_TIMEOUT");
    assertThat(records.get(Topics.DLQ)).isEmpty();
  }

  @Test
  void apiGatewayPostIsAnswered202WithTheAcceptedCount() {
    JsonNode response = invoke(event("apigateway/post-senml-json.json"));

    assertThat(response.get("statusCode").asInt()).isEqualTo(202);
    assertThat(tree(response.get("body").asText()).get("accepted").asInt()).isEqualTo(4);
    Map<String, List<ConsumerRecord<String, String>>> records = readNew(5);
    assertThat(records.get(Topics.RAW_EVENTS)).hasSize(4);
    assertThat(tree(records.get(Topics.RAW_EVENTS).get(0).value()).at("/source/topic").asText())
        .isEqualTo("/telemetry/smart-meter/m-1");

    JsonNode cbor = invoke(event("apigateway/post-senml-cbor-base64.json"));
    assertThat(cbor.get("statusCode").asInt()).isEqualTo(202);
    assertThat(tree(cbor.get("body").asText()).get("accepted").asInt()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource({
    "apigateway/post-timestamp-out-of-range.json, 400, TIMESTAMP_OUT_OF_RANGE",
    "apigateway/post-unsupported-content-type.json, 400, UNSUPPORTED_FORMAT",
  })
  void apiGatewayRejectIsAnswered400AndRecordedInTheDlq(String event, int status, String reason) {
    JsonNode response = invoke(event(event));

    assertThat(response.get("statusCode").asInt()).isEqualTo(status);
    assertThat(tree(response.get("body").asText()).get("reason").asText()).isEqualTo(reason);
    assertThat(readNew(1).get(Topics.DLQ))
        .singleElement()
        .satisfies(r -> assertThat(tree(r.value()).get("reason").asText()).isEqualTo(reason));
  }

  @Test
  void apiGatewayPayloadAbove128KiBIsAnswered413() {
    ObjectNode event = (ObjectNode) event("apigateway/post-senml-json.json");
    byte[] body = new byte[131_073];
    java.util.Arrays.fill(body, (byte) ' ');
    body[0] = '[';
    body[body.length - 1] = ']';
    event.put("body", Base64.getEncoder().encodeToString(body));
    event.put("isBase64Encoded", true);

    JsonNode response = invoke(event);

    assertThat(response.get("statusCode").asInt()).isEqualTo(413);
    assertThat(readNew(1).get(Topics.DLQ))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(tree(r.value()).get("reason").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
              assertThat(tree(r.value()).get("payloadSize").asInt()).isEqualTo(131_073);
            });
  }

  @Test
  void eventOfNoKnownShapeIsAMalformedEventInTheDlq() {
    JsonNode answer = invoke(tree("{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}"));

    assertThat(answer.get("rejected").asText()).isEqualTo("MALFORMED_EVENT");
    assertThat(readNew(1).get(Topics.DLQ))
        .singleElement()
        .satisfies(r -> assertThat(r.key()).isEmpty());
  }

  private JsonNode invoke(JsonNode event) {
    String answer =
        given()
            .contentType("application/json")
            .accept("application/json")
            .body(event.toString())
            .when()
            .post()
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return tree(answer);
  }

  /**
   * Reads what arrived after the test began, until {@code expected} records or 30 s (the machine
   * may be busy).
   */
  private Map<String, List<ConsumerRecord<String, String>>> readNew(int expected) {
    Map<String, List<ConsumerRecord<String, String>>> byTopic = new HashMap<>();
    TOPICS.forEach(topic -> byTopic.put(topic, new ArrayList<>()));
    int received = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
        byTopic.get(record.topic()).add(record);
        received++;
      }
    }
    // Whatever else was published shows up within a short extra poll.
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
      byTopic.get(record.topic()).add(record);
    }
    return byTopic;
  }

  private double count(String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
