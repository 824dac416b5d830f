package dev.iotpipeline.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class AwsEventsTest {

  @Test
  void mskEventGroupsRecordsByTopicPartitionWithBase64KeyValueAndByteArrayHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("h", new byte[] {104, 105}));
    ConsumerRecord<byte[], byte[]> first = record("iot-alerts", 0, 15, "m-1", "{\"a\":1}", headers);
    ConsumerRecord<byte[], byte[]> second =
        record("iot-alerts", 1, 3, "m-2", "{\"a\":2}", new RecordHeaders());

    JsonNode event = AwsEvents.msk("arn:cluster", "b:9092", List.of(first, second));

    assertThat(event.path("eventSource").asText()).isEqualTo("aws:kafka");
    assertThat(event.path("eventSourceArn").asText()).isEqualTo("arn:cluster");
    JsonNode partition0 = event.path("records").path("iot-alerts-0").get(0);
    assertThat(partition0.path("offset").asLong()).isEqualTo(15);
    assertThat(partition0.path("timestampType").asText()).isEqualTo("CREATE_TIME");
    assertThat(new String(Base64.getDecoder().decode(partition0.path("key").asText())))
        .isEqualTo("m-1");
    assertThat(new String(Base64.getDecoder().decode(partition0.path("value").asText())))
        .isEqualTo("{\"a\":1}");
    assertThat(partition0.path("headers").get(0).path("h").toString()).isEqualTo("[104,105]");
    assertThat(event.path("records").path("iot-alerts-1").size()).isEqualTo(1);
  }

  @Test
  void iotRuleEventCarriesThePayloadBase64AsTheRuleSqlEncodesIt() {
    JsonNode event =
        AwsEvents.iotRule(
            new byte[] {(byte) 0x81, 0x01}, "dt/smart-meter/m-1/telemetry", "m-1", 1764000000000L);

    assertThat(Base64.getDecoder().decode(event.path("payload").asText()))
        .containsExactly((byte) 0x81, 0x01);
    assertThat(event.path("topic").asText()).isEqualTo("dt/smart-meter/m-1/telemetry");
    assertThat(event.path("clientId").asText()).isEqualTo("m-1");
    assertThat(event.path("receivedAt").asLong()).isEqualTo(1764000000000L);
  }

  @Test
  void httpApiEventIsPayloadFormatTwoWithLowerCaseHeadersAndPathParameters() {
    JsonNode event =
        AwsEvents.httpApi(
            "POST",
            "/telemetry/smart-meter/m-1",
            "",
            Map.of("deviceType", "smart-meter", "sensorId", "m-1"),
            Map.of("Content-Type", "application/senml+json"),
            "[]".getBytes(StandardCharsets.UTF_8),
            "POST /telemetry/{deviceType}/{sensorId}");

    assertThat(event.path("version").asText()).isEqualTo("2.0");
    assertThat(event.path("headers").path("content-type").asText())
        .isEqualTo("application/senml+json");
    assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
    assertThat(event.path("pathParameters").path("sensorId").asText()).isEqualTo("m-1");
    assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(new String(Base64.getDecoder().decode(event.path("body").asText()))).isEqualTo("[]");
  }

  @Test
  void lifecycleEventsAreShapedAsIotCoreDocumentsThem() {
    JsonNode connected = AwsEvents.lifecycle("m-1", true, 1L, null);
    JsonNode lost = AwsEvents.lifecycle("m-1", false, 2L, "CONNECTION_LOST");

    assertThat(connected.path("eventType").asText()).isEqualTo("connected");
    assertThat(connected.path("clientId").asText()).isEqualTo("m-1");
    assertThat(lost.path("eventType").asText()).isEqualTo("disconnected");
    assertThat(lost.path("clientInitiatedDisconnect").asBoolean()).isFalse();
    assertThat(lost.path("disconnectReason").asText()).isEqualTo("CONNECTION_LOST");
    assertThat(AwsEvents.lifecycleTopic("m-1", false))
        .isEqualTo("$aws/events/presence/disconnected/m-1");
  }

  private static ConsumerRecord<byte[], byte[]> record(
      String topic, int partition, long offset, String key, String value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        1_700_000_000_000L,
        TimestampType.CREATE_TIME,
        key.length(),
        value.length(),
        key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        headers,
        Optional.empty());
  }
}
