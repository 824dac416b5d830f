package dev.iotpipeline.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.PayloadFormat;
import dev.iotpipeline.contracts.PresenceOrigin;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.ingest.Samples;
import dev.iotpipeline.ingest.model.RawMessage;

class IngestTranslatorTest {

  static final IngestTranslator TRANSLATOR =
      new IngestTranslator(131_072, Duration.ofHours(1), new SchemaValidator());

  static Stream<Path> validSamples() {
    return Samples.valid().stream();
  }

  static Stream<Path> invalidSamples() {
    return Samples.invalid().stream();
  }

  private static RawMessage mqtt(byte[] payload) {
    return RawMessage.mqtt(payload, Samples.TOPIC, "m-1", Samples.RECEIVED_AT);
  }

  private static RawMessage mqtt(String payload) {
    return mqtt(payload.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("validSamples")
  void validSamplesBecomeReadingsThatValidate(Path sample) {
    Translation translation = TRANSLATOR.translate(mqtt(Samples.bytes(sample)));

    assertThat(translation.deadLetter()).as("dead letter of %s", sample).isNull();
    assertThat(translation.readings().size() + translation.presences().size()).isPositive();
    for (CanonicalReading reading : translation.readings()) {
      assertThat(ContractSchemas.get().validate(ContractSchema.CANONICAL_READING, reading))
          .isEmpty();
      assertThat(reading.deviceType()).isEqualTo("smart-meter");
      assertThat(reading.receivedAt()).isEqualTo(Samples.RECEIVED_AT);
      assertThat(reading.source().protocol()).isEqualTo(Protocol.MQTT);
    }
    for (DevicePresence presence : translation.presences()) {
      assertThat(ContractSchemas.get().validate(ContractSchema.DEVICE_PRESENCE, presence))
          .isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("invalidSamples")
  void invalidSamplesBecomeOneDeadLetterWithTheReasonOfTheirName(Path sample) {
    byte[] payload = Samples.bytes(sample);
    Translation translation = TRANSLATOR.translate(mqtt(payload));

    DeadLetter deadLetter = translation.deadLetter();
    assertThat(deadLetter).as("dead letter of %s", sample).isNotNull();
    assertThat(deadLetter.reason()).isEqualTo(Samples.reasonOf(sample));
    assertThat(translation.readings()).isEmpty();
    assertThat(translation.presences()).isEmpty();
    assertThat(deadLetter.stage()).isEqualTo("ingest");
    assertThat(deadLetter.detail()).isNotBlank();
    assertThat(Base64.getDecoder().decode(deadLetter.payload())).isEqualTo(payload);
    assertThat(deadLetter.payloadSize()).isEqualTo(payload.length);
    assertThat(deadLetter.sensorId()).isEqualTo("m-1");
    assertThat(translation.deadLetterKey()).isEqualTo("m-1");
    assertThat(ContractSchemas.get().validate(ContractSchema.DEAD_LETTER, deadLetter)).isEmpty();
  }

  @Test
  void flatJsonReadingCarriesTheAddressAndTheConnectedFlag() {
    Translation translation =
        TRANSLATOR.translate(mqtt(Samples.bytes("valid/flat-json--iso-timestamp.json")));

    assertThat(translation.readings())
        .extracting(CanonicalReading::metric, CanonicalReading::value, CanonicalReading::connected)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("power_w", 1520.5, true),
            org.assertj.core.groups.Tuple.tuple("voltage_v", 231.2, true));
    assertThat(translation.readings().get(0).source().format()).isEqualTo(PayloadFormat.FLAT_JSON);
    assertThat(translation.readings().get(0).eventTime()).isEqualTo(1_763_999_970_000L);
    assertThat(translation.presences())
        .containsExactly(
            new DevicePresence("m-1", true, 1_763_999_970_000L, PresenceOrigin.READING, null));
  }

  @Test
  void connectedOnlyPayloadIsAPresenceChange() {
    Translation translation =
        TRANSLATOR.translate(mqtt(Samples.bytes("valid/flat-json--connected-only.json")));
    assertThat(translation.readings()).isEmpty();
    assertThat(translation.presences())
        .extracting(DevicePresence::connected)
        .containsExactly(false);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 9, 20})
  void eachReadingCarriesTheLastConnectedFlagOfItsOwnSensor(int flagsPerSensor) {
    // Few flags are scanned, many indexed: both must give the last flag per sensor.
    StringBuilder pack = new StringBuilder("[");
    for (int i = 0; i < flagsPerSensor; i++) {
      boolean last = i == flagsPerSensor - 1;
      pack.append("{\"bn\":\"a:\",\"n\":\"connected\",\"vb\":").append(last || i % 2 == 0);
      pack.append("},{\"bn\":\"b:\",\"n\":\"connected\",\"vb\":").append(!last && i % 2 == 0);
      pack.append("},");
    }
    pack.append("{\"bn\":\"a:\",\"n\":\"x\",\"v\":1},{\"bn\":\"b:\",\"n\":\"x\",\"v\":2},");
    pack.append("{\"bn\":\"c:\",\"n\":\"x\",\"v\":3}]");

    Translation translation = TRANSLATOR.translate(mqtt(pack.toString()));

    assertThat(translation.readings())
        .extracting(CanonicalReading::sensorId, CanonicalReading::connected)
        .containsExactly(tuple("a", true), tuple("b", false), tuple("c", null));
    assertThat(translation.presences()).hasSize(2 * flagsPerSensor);
  }

  @Test
  void payloadAboveTheLimitIsTooLargeAndKeepsItsPrefix() {
    byte[] payload = new byte[131_073];
    payload[0] = '{';
    Translation translation = TRANSLATOR.translate(mqtt(payload));
    assertThat(translation.deadLetter().reason()).isEqualTo(DeadLetterReason.PAYLOAD_TOO_LARGE);
    assertThat(translation.deadLetter().payloadSize()).isEqualTo(131_073);
    assertThat(Base64.getDecoder().decode(translation.deadLetter().payload())).hasSize(131_072);
  }

  @Test
  void addressWithoutSensorIsMissingSensorId() {
    Translation translation =
        TRANSLATOR.translate(
            RawMessage.mqtt(
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
                "sensors/m-1",
                "m-1",
                Samples.RECEIVED_AT));
    assertThat(translation.deadLetter().reason()).isEqualTo(DeadLetterReason.MISSING_SENSOR_ID);
    assertThat(translation.deadLetterKey()).isEqualTo("m-1");
  }

  @Test
  void httpPathNamesTheSensorAndContentTypeTheFormat() {
    Translation translation =
        TRANSLATOR.translate(
            RawMessage.http(
                "[{\"n\":\"power_w\",\"v\":3}]".getBytes(StandardCharsets.UTF_8),
                "/telemetry/smart-meter/m-7",
                "application/senml+json",
                Samples.RECEIVED_AT));
    assertThat(translation.readings())
        .extracting(CanonicalReading::sensorId, CanonicalReading::deviceType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("m-7", "smart-meter"));
    assertThat(translation.readings().get(0).source().format()).isEqualTo(PayloadFormat.SENML_JSON);
  }

  @Test
  void coapContentFormatNumberSelectsCbor() {
    Translation translation =
        TRANSLATOR.translate(
            RawMessage.coap(
                Samples.bytes("valid/senml-cbor--smart-meter.cbor"),
                "telemetry/smart-meter/m-1",
                112,
                Samples.RECEIVED_AT));
    assertThat(translation.readings()).hasSize(3);
    assertThat(translation.readings().get(0).source().protocol()).isEqualTo(Protocol.COAP);
  }

  @Test
  void futureSkewIsConfigurable() {
    IngestTranslator strict = new IngestTranslator(131_072, Duration.ZERO, new SchemaValidator());
    String oneSecondAhead = "{\"timestamp\":" + (Samples.RECEIVED_AT + 1000) + ",\"x\":1}";
    assertThat(strict.translate(mqtt(oneSecondAhead)).deadLetter().reason())
        .isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE);
    assertThat(TRANSLATOR.translate(mqtt(oneSecondAhead)).isAccepted()).isTrue();
  }

  @Test
  void lifecycleEventBecomesAPresenceChange() {
    String event =
        "{\"clientId\":\"m-1\",\"timestamp\":1763999990000,\"eventType\":\"disconnected\","
            + "\"clientInitiatedDisconnect\":false,\"sessionIdentifier\":\"s\","
            + "\"principalIdentifier\":\"p\",\"disconnectReason\":\"MQTT_KEEP_ALIVE_TIMEOUT\","
            + "\"versionNumber\":1}";
    Translation translation =
        TRANSLATOR.translate(
            new RawMessage(
                event.getBytes(StandardCharsets.UTF_8),
                Protocol.IOT_LIFECYCLE,
                "$aws/events/presence/disconnected/m-1",
                "m-1",
                null,
                Samples.RECEIVED_AT));
    assertThat(translation.presences())
        .containsExactly(
            new DevicePresence(
                "m-1",
                false,
                1_763_999_990_000L,
                PresenceOrigin.IOT_LIFECYCLE,
                "MQTT_KEEP_ALIVE_TIMEOUT"));
  }

  @Test
  void lifecycleEventOfAnotherTypeIsMalformed() {
    String event =
        "{\"clientId\":\"m-1\",\"timestamp\":1763999990000,\"eventType\":\"subscribed\"}";
    Translation translation =
        TRANSLATOR.translate(
            new RawMessage(
                event.getBytes(StandardCharsets.UTF_8),
                Protocol.IOT_LIFECYCLE,
                "$aws/events/presence/subscribed/m-1",
                "m-1",
                null,
                Samples.RECEIVED_AT));
    assertThat(translation.deadLetter().reason()).isEqualTo(DeadLetterReason.MALFORMED_EVENT);
    assertThat(translation.deadLetterKey()).isEqualTo("m-1");
  }
}
