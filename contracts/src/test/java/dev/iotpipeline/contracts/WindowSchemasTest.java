package dev.iotpipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class WindowSchemasTest {

  private final WindowSchemas schemas = WindowSchemas.get();

  @ParameterizedTest
  @CsvSource({
    "region-count.schema.json, region-count.json, dev.iotpipeline.contracts.RegionCount",
    "hopping-aggregate.schema.json, hopping-aggregate.json, dev.iotpipeline.contracts.WindowAggregate",
    "device-session.schema.json, device-session.json, dev.iotpipeline.contracts.DeviceSession"
  })
  void sampleValidatesAndRoundTripsThroughItsRecord(String schema, String sample, Class<?> type)
      throws Exception {
    JsonNode original = readSample("outputs/" + sample);
    assertThat(schemas.validate(schema, original)).isEmpty();

    JsonNode written =
        ContractJson.mapper().valueToTree(ContractJson.mapper().treeToValue(original, type));

    assertThat(schemas.validate(schema, written)).isEmpty();
    assertThat(ContractJson.mapper().writeValueAsString(written))
        .isEqualTo(ContractJson.mapper().writeValueAsString(original));
  }

  @Test
  void regionCountWithoutRegionIsRejectedNamingTheField() throws IOException {
    ObjectNode count = (ObjectNode) readSample("outputs/region-count.json");
    count.remove("region");

    assertThat(schemas.validate(WindowSchemas.REGION_COUNT, count))
        .singleElement()
        .asString()
        .contains("region");
  }

  @Test
  void hoppingAggregateHasTheAggregateShape() throws IOException {
    ObjectNode aggregate = (ObjectNode) readSample("outputs/hopping-aggregate.json");
    aggregate.put("colour", "blue");

    assertThat(schemas.validate(WindowSchemas.HOPPING_AGGREGATE, aggregate)).isNotEmpty();
  }

  @Test
  void sessionWithoutReadingsIsRejected() throws IOException {
    ObjectNode session = (ObjectNode) readSample("outputs/device-session.json");
    session.put("count", 0);

    assertThat(schemas.validate(WindowSchemas.DEVICE_SESSION, session))
        .singleElement()
        .asString()
        .contains("count");
  }

  private static JsonNode readSample(String path) throws IOException {
    try (InputStream in =
        WindowSchemasTest.class.getClassLoader().getResourceAsStream("samples/" + path)) {
      assertThat(in).as("sample %s on the classpath", path).isNotNull();
      return ContractJson.mapper().readTree(in);
    }
  }
}
