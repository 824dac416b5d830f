package dev.iotpipeline.archive.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.testsupport.EmbeddedS3;
import dev.iotpipeline.testsupport.MskEvents;
import dev.iotpipeline.testsupport.MskEvents.Rec;
import dev.iotpipeline.testsupport.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

@QuarkusTest
@QuarkusTestResource(S3Resource.class)
class ArchiveFunctionTest {

  private static final String BUCKET = "iot-archive-test";
  private static S3Client s3;

  @BeforeAll
  static void connect() {
    s3 =
        S3Client.builder()
            .endpointOverride(EmbeddedS3.start().endpoint())
            .forcePathStyle(true)
            .region(Region.of(EmbeddedS3.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void disconnect() {
    s3.close();
  }

  @Test
  void shouldArchiveAwsSampleWholeUnderUnparsedByRecordTime() throws IOException {
    invoke(MskEvents.awsSample()).then().statusCode(200);

    // 1545084650987 = 2018-12-17T22:10:50.987Z; the sample's value is plain text, not a reading.
    String key =
        "unparsed/dt=2018-12-17/hour=22/mytopic-0-000000000000000015-000000000000000015.jsonl.gz";
    List<JsonNode> lines = readLines(key);
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.get("topic").asText()).isEqualTo("mytopic");
    assertThat(line.get("offset").asLong()).isEqualTo(15);
    assertThat(line.get("value").asText()).isEqualTo("SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==");
    assertThat(line.get("key").asText()).isEqualTo("abcDEFghiJKLmnoPQRstuVWXyz1234==");
    assertThat(decode(line.get("headers").get("headerKey").asText())).isEqualTo("headerValue");
    assertThat(line.get("reason").asText()).contains("mytopic");
  }

  @Test
  void shouldWriteReadingsUnderTheirEventHourAndRoundTrip() throws IOException {
    long t = Instant.parse("2026-11-24T13:05:00Z").toEpochMilli();
    List<CanonicalReading> readings =
        List.of(reading("m-1", t), reading("m-2", t + 1000), reading("m-1", t + 2000));
    List<Rec> records = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      CanonicalReading r = readings.get(i);
      records.add(Rec.json(Topics.RAW_EVENTS, 3, 100 + i, r.eventTime(), r.sensorId(), r));
    }

    invoke(MskEvents.build(records)).then().statusCode(200);

    String key =
        "raw/dt=2026-11-24/hour=13/iot-raw-events-3-000000000000000100-000000000000000102.jsonl.gz";
    List<JsonNode> lines = readLines(key);
    assertThat(lines).hasSize(3);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(ContractSchemas.get().validate(ContractSchema.CANONICAL_READING, lines.get(i)))
          .isEmpty();
      assertThat(ContractJson.mapper().treeToValue(lines.get(i), CanonicalReading.class))
          .isEqualTo(readings.get(i));
    }
  }

  @Test
  void shouldSplitABatchSpanningTwoHoursIntoTwoObjects() throws IOException {
    long lastOfHour = Instant.parse("2026-11-24T15:59:59.999Z").toEpochMilli();
    long firstOfNext = Instant.parse("2026-11-24T16:00:00Z").toEpochMilli();
    List<Rec> records =
        List.of(
            Rec.json(Topics.RAW_EVENTS, 5, 10, lastOfHour, "m-1", reading("m-1", lastOfHour)),
            Rec.json(Topics.RAW_EVENTS, 5, 11, firstOfNext, "m-1", reading("m-1", firstOfNext)),
            Rec.json(Topics.RAW_EVENTS, 5, 12, lastOfHour, "m-2", reading("m-2", lastOfHour - 5)));

    invoke(MskEvents.build(records)).then().statusCode(200);

    assertThat(keys("raw/dt=2026-11-24/hour=15/iot-raw-events-5-"))
        .containsExactly(
            "raw/dt=2026-11-24/hour=15/iot-raw-events-5-000000000000000010-000000000000000012.jsonl.gz");
    assertThat(keys("raw/dt=2026-11-24/hour=16/iot-raw-events-5-"))
        .containsExactly(
            "raw/dt=2026-11-24/hour=16/iot-raw-events-5-000000000000000011-000000000000000011.jsonl.gz");
    assertThat(readLines(keys("raw/dt=2026-11-24/hour=15/").get(0))).hasSize(2);
  }

  @Test
  void shouldOverwriteNotDuplicateWhenTheSameBatchIsDeliveredAgain() throws IOException {
    long t = Instant.parse("2026-11-25T01:00:00Z").toEpochMilli();
    String event =
        MskEvents.build(
            List.of(
                Rec.json(Topics.RAW_EVENTS, 1, 500, t, "m-9", reading("m-9", t)),
                Rec.json(Topics.RAW_EVENTS, 1, 501, t, "m-9", reading("m-9", t + 1))));

    invoke(event).then().statusCode(200);
    invoke(event).then().statusCode(200);

    List<String> keys = keys("raw/dt=2026-11-25/hour=01/");
    assertThat(keys).hasSize(1);
    assertThat(readLines(keys.get(0))).hasSize(2);
  }

  @Test
  void shouldArchiveAlertsAndReadingsOfOneBatchUnderTheirOwnFolders() throws IOException {
    long t = Instant.parse("2026-11-26T08:30:00Z").toEpochMilli();
    Alert alert = alert(t);
    List<Rec> records =
        List.of(
            Rec.json(Topics.RAW_EVENTS, 0, 7, t, "m-1", reading("m-1", t)),
            Rec.json(Topics.ALERTS, 2, 42, t + 900, "m-1", alert));

    invoke(MskEvents.build(records)).then().statusCode(200);

    assertThat(keys("raw/dt=2026-11-26/hour=08/")).hasSize(1);
    List<JsonNode> alerts =
        readLines(
            "alerts/dt=2026-11-26/hour=08/iot-alerts-2-000000000000000042-000000000000000042.jsonl.gz");
    assertThat(alerts).hasSize(1);
    assertThat(ContractSchemas.get().validate(ContractSchema.ALERT, alerts.get(0))).isEmpty();
    assertThat(ContractJson.mapper().treeToValue(alerts.get(0), Alert.class)).isEqualTo(alert);
  }

  @Test
  void shouldKeepAnUnreadableValueUnderUnparsedNextToTheGoodOnes() throws IOException {
    long t = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    long recordTime = Instant.parse("2026-11-27T11:15:00Z").toEpochMilli();
    byte[] broken = "{\"sensorId\": \"m-1\", ".getBytes(StandardCharsets.UTF_8);
    List<Rec> records =
        List.of(
            Rec.json(Topics.RAW_EVENTS, 4, 20, t, "m-1", reading("m-1", t)),
            new Rec(Topics.RAW_EVENTS, 4, 21, recordTime, "m-1", broken),
            Rec.json(Topics.RAW_EVENTS, 4, 22, t, "m-1", reading("m-1", t + 1)));

    invoke(MskEvents.build(records)).then().statusCode(200);

    assertThat(readLines(keys("raw/dt=2026-11-27/hour=10/").get(0))).hasSize(2);
    List<JsonNode> unparsed =
        readLines(
            "unparsed/dt=2026-11-27/hour=11/iot-raw-events-4-000000000000000021-000000000000000021.jsonl.gz");
    assertThat(unparsed).hasSize(1);
    assertThat(Base64.getDecoder().decode(unparsed.get(0).get("value").asText())).isEqualTo(broken);
    assertThat(unparsed.get(0).get("reason").asText()).contains("not JSON");
    assertThat(decode(unparsed.get(0).get("headers").get("source").asText())).isEqualTo("test");
  }

  static CanonicalReading reading(String sensorId, long eventTime) {
    return new CanonicalReading(
        sensorId,
        "smart-meter",
        "power_w",
        1234.5,
        "W",
        eventTime,
        eventTime + 250,
        true,
        new Source(
            Protocol.MQTT, null, "dt/smart-meter/" + sensorId + "/telemetry", sensorId, null));
  }

  private static Alert alert(long eventTime) {
    return new Alert(
        "m-1:THRESHOLD:power_w:" + eventTime,
        "m-1",
        "smart-meter",
        "THRESHOLD",
        Severity.WARNING,
        AlertStatus.TRIGGERED,
        "power_w",
        eventTime,
        eventTime + 900,
        "power_w 9100.0 W above the warning bound 8000.0 W on m-1",
        java.util.Map.of("value", 9100.0, "bound", 8000.0),
        "c-42",
        null,
        "ACTIVE",
        null,
        null);
  }

  private static Response invoke(String event) {
    return given().contentType("application/json").body(event).when().post();
  }

  private static List<String> keys(String prefix) {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  private static List<JsonNode> readLines(String key) throws IOException {
    byte[] gz = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    String text;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).endsWith("\n");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Arrays.asList(text.split("\n"))) {
      lines.add(ContractJson.mapper().readTree(line));
    }
    return lines;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
