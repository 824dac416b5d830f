package dev.iotpipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ContractSchemasTest {

  private final ContractSchemas schemas = ContractSchemas.get();

  @ParameterizedTest
  @CsvSource({
    "CANONICAL_READING, canonical-reading.json",
    "DEAD_LETTER, dead-letter.json",
    "DEVICE_PRESENCE, device-presence.json",
    "AGGREGATE, aggregate.json",
    "LATE_READING, late-reading.json",
    "ALERT, alert-power-theft.json",
    "DEVICE, device.json"
  })
  void sampleOutputValidatesAgainstItsSchema(ContractSchema schema, String sample)
      throws IOException {
    assertThat(schemas.validate(schema, readSample("outputs/" + sample))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "CANONICAL_READING, canonical-reading.json, dev.iotpipeline.contracts.CanonicalReading",
    "DEAD_LETTER, dead-letter.json, dev.iotpipeline.contracts.DeadLetter",
    "DEVICE_PRESENCE, device-presence.json, dev.iotpipeline.contracts.DevicePresence",
    "AGGREGATE, aggregate.json, dev.iotpipeline.contracts.WindowAggregate",
    "LATE_READING, late-reading.json, dev.iotpipeline.contracts.LateReading",
    "ALERT, alert-power-theft.json, dev.iotpipeline.contracts.Alert",
    "DEVICE, device.json, dev.iotpipeline.contracts.Device"
  })
  void recordRoundTripsToTheSameSchemaValidJson(ContractSchema schema, String sample, Class<?> type)
      throws Exception {
    JsonNode original = readSample("outputs/" + sample);
    Object record = ContractJson.mapper().treeToValue(original, type);
    JsonNode written = ContractJson.mapper().valueToTree(record);

    assertThat(schemas.validate(schema, written)).isEmpty();
    assertThat(ContractJson.mapper().writeValueAsString(written))
        .isEqualTo(ContractJson.mapper().writeValueAsString(original));
  }

  @Test
  void readingWithoutSensorIdIsRejectedNamingTheField() throws IOException {
    ObjectNode reading = (ObjectNode) readSample("outputs/canonical-reading.json");
    reading.remove("sensorId");

    assertThat(schemas.validate(ContractSchema.CANONICAL_READING, reading))
        .singleElement()
        .asString()
        .contains("sensorId");
  }

  @Test
  void alertWithUnknownSeverityIsRejected() throws IOException {
    ObjectNode alert = (ObjectNode) readSample("outputs/alert-power-theft.json");
    alert.put("severity", "PANIC");

    assertThat(schemas.validate(ContractSchema.ALERT, alert))
        .singleElement()
        .asString()
        .contains("severity");
  }

  @Test
  void readingWithWhitespaceInSensorIdIsRejected() {
    CanonicalReading reading =
        new CanonicalReading(
            "m 1",
            "smart-meter",
            "power_w",
            1.0,
            null,
            1L,
            1L,
            null,
            new Source(Protocol.HTTP, PayloadFormat.FLAT_JSON, null, null, null));

    assertThat(schemas.validate(ContractSchema.CANONICAL_READING, reading)).isNotEmpty();
  }

  @Test
  void alertTypeIsAnOpenSetSoNewTypesValidate() throws IOException {
    ObjectNode alert = (ObjectNode) readSample("outputs/alert-power-theft.json");
    alert.put("type", "TAMPER_SUSPECTED");
    alert.set("evidence", ContractJson.mapper().valueToTree(Map.of("angleDeg", 35)));

    assertThat(schemas.validate(ContractSchema.ALERT, alert)).isEmpty();
  }

  private static JsonNode readSample(String path) throws IOException {
    try (InputStream in =
        ContractSchemasTest.class.getClassLoader().getResourceAsStream("samples/" + path)) {
      assertThat(in).as("sample %s on the classpath", path).isNotNull();
      return ContractJson.mapper().readTree(in);
    }
  }
}
