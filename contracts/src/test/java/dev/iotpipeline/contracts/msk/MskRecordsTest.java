package dev.iotpipeline.contracts.msk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.ContractJson;

class MskRecordsTest {

  private static MskEvent awsSample() throws IOException {
    try (InputStream in = MskRecordsTest.class.getResourceAsStream("/events/msk/aws-sample.json")) {
      return ContractJson.mapper().readValue(in, MskEvent.class);
    }
  }

  @Test
  void shouldReadTheEventAwsDocuments() throws IOException {
    MskEvent event = awsSample();

    assertThat(event.eventSource()).isEqualTo("aws:kafka");
    assertThat(event.records()).containsOnlyKeys("mytopic-0");
    MskRecord record = MskRecords.all(event).get(0);
    assertThat(record.topic()).isEqualTo("mytopic");
    assertThat(record.offset()).isEqualTo(15);
    assertThat(record.timestampType()).isEqualTo("CREATE_TIME");
    assertThat(new String(MskRecords.value(record), StandardCharsets.UTF_8))
        .isEqualTo("Hello, this is a test.");
    assertThat(MskRecords.key(record)).hasSize(22);
    assertThat(MskRecords.header(record, "headerKey")).isEqualTo("headerValue");
    assertThat(MskRecords.position(record)).isEqualTo("mytopic-0@15");
  }

  @Test
  void shouldRoundTripSignedHeaderBytesAndBase64() throws IOException {
    byte[] bytes = "größe".getBytes(StandardCharsets.UTF_8);
    MskRecord record =
        new MskRecord(
            "iot-alerts",
            2,
            7,
            1L,
            "CREATE_TIME",
            MskRecords.encode("m-1".getBytes(StandardCharsets.UTF_8)),
            null,
            List.of(Map.of("h", MskRecords.headerValue(bytes))));
    String json = ContractJson.mapper().writeValueAsString(record);
    MskRecord read = ContractJson.mapper().readValue(json, MskRecord.class);

    assertThat(MskRecords.header(read, "h")).isEqualTo("größe");
    assertThat(MskRecords.keyAsString(read)).isEqualTo("m-1");
    assertThat(MskRecords.value(read)).isNull();
  }

  @Test
  void shouldNameTheRecordWhenBase64IsBroken() {
    MskRecord record = new MskRecord("t", 1, 9, 1L, "CREATE_TIME", null, "***", List.of());

    assertThatThrownBy(() -> MskRecords.value(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value of t-1@9");
  }
}
