package dev.iotpipeline.streams.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.testsupport.EmbeddedKafka;
import dev.iotpipeline.testsupport.KafkaResource;
import dev.iotpipeline.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The production exception handler on the real broker with exactly_once_v2: a result too large to
 * produce (the streams producer's {@code max.request.size} lowered to 4 KiB here, so a late reading
 * with a long unit exceeds it) goes to {@code iot-dlq} with reason PRODUCTION_ERROR and the reading
 * it came from, and the stream thread keeps processing the readings after it. Left to the producer,
 * the refusal aborted the transaction and stopped the thread (decision 0306); the sinks now refuse
 * values above {@code pipeline.max-output-record-bytes} before the producer sees them. The dead
 * letter also reaches CloudWatch as {@code pipeline.dlq.records{reason}}, the metric the DLQ alarm
 * queries (the registry switched on and pointed at a local receiver).
 */
@QuarkusTest
@TestProfile(ProductionErrorIntegrationTest.SmallProducerRequests.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = CloudWatchReceiverResource.class, restrictToAnnotatedClass = true)
class ProductionErrorIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long WINDOW = 300_000;
  private static final int MAX_REQUEST_SIZE = 4096;

  /** Streams' producers refuse records above 4 KiB; every ordinary output stays well below. */
  public static class SmallProducerRequests implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka-streams.producer.max.request.size", Integer.toString(MAX_REQUEST_SIZE),
          "pipeline.max-output-record-bytes", Integer.toString(MAX_REQUEST_SIZE - 512));
    }
  }

  @Test
  void resultTooLargeToProduceBecomesADeadLetterAndTheStreamKeepsRunning() throws Exception {
    String sensor = "it-too-large";
    long t = EventTimes.reserve(Duration.ofMillis(3 * WINDOW));
    send(reading(sensor, 1, "W", t));
    send(reading(sensor, 2, "W", t + WINDOW + 5_000)); // closes [t, t+5m)
    awaitRecords(Topics.AGGREGATES_5M, sensor, 1);
    String longUnit = "W".repeat(2 * MAX_REQUEST_SIZE);

    send(reading(sensor, 3, longUnit, t + 1_000)); // late: its LateReading is too large to produce

    List<ConsumerRecord<String, String>> letters = awaitRecords(Topics.DLQ, sensor, 1);
    DeadLetter letter = parse(letters.get(0).value(), DeadLetter.class);
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.PRODUCTION_ERROR);
    assertThat(letter.stage()).isEqualTo("streams");
    assertThat(letter.source().topic()).isEqualTo(Topics.LATE_EVENTS);
    assertThat(letter.detail()).contains("Record too large to produce");
    CanonicalReading refused =
        parse(
            new String(Base64.getDecoder().decode(letter.payload()), StandardCharsets.UTF_8),
            CanonicalReading.class);
    assertThat(refused.unit()).isEqualTo(longUnit);
    assertThat(refused.eventTime()).isEqualTo(t + 1_000);
    assertThat(ContractSchemas.get().validate(ContractSchema.DEAD_LETTER, letter)).isEmpty();
    await()
        .atMost(WAIT)
        .until(
            () ->
                CloudWatchReceiverResource.datums().stream()
                    .anyMatch(
                        d ->
                            d.path("MetricName").asText().equals("pipeline.dlq.records")
                                && d.path("Dimensions").toString().contains("PRODUCTION_ERROR")
                                && d.path("Value").asDouble() >= 1));

    // The thread goes on: the next window's readings still become an aggregate.
    send(reading(sensor, 4, "W", t + WINDOW + 6_000));
    send(reading(sensor, 5, "W", t + 2 * WINDOW + 5_000)); // closes [t+5m, t+10m)
    List<ConsumerRecord<String, String>> aggregates = awaitRecords(Topics.AGGREGATES_5M, sensor, 2);
    WindowAggregate second = parse(aggregates.get(1).value(), WindowAggregate.class);
    assertThat(second.windowStart()).isEqualTo(t + WINDOW);
    assertThat(second.count()).isEqualTo(2);
    assertThat(awaitRecords(Topics.LATE_EVENTS, sensor, 0)).isEmpty();
    given()
        .get("/api/stats")
        .then()
        .body("streamsState", equalTo("RUNNING"))
        .body("dlqByReason.PRODUCTION_ERROR", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
  }

  private static CanonicalReading reading(String sensorId, double value, String unit, long time) {
    return new CanonicalReading(
        sensorId,
        "weather-station",
        "wind_w",
        value,
        unit,
        time,
        time,
        null,
        new Source(Protocol.HTTP, null, "/telemetry", null, null));
  }

  private static void send(CanonicalReading reading) throws JsonProcessingException {
    EmbeddedKafka.start()
        .send(
            Topics.RAW_EVENTS,
            Map.of(reading.sensorId(), ContractJson.mapper().writeValueAsString(reading)));
  }

  private static List<ConsumerRecord<String, String>> awaitRecords(
      String topic, String key, int expected) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                EmbeddedKafka.start().read(topic, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                    .filter(r -> key.equals(r.key()))
                    .toList(),
            records -> records.size() >= expected);
  }

  private static <T> T parse(String json, Class<T> type) throws JsonProcessingException {
    return ContractJson.mapper().readValue(json, type);
  }
}
