package dev.iotpipeline.archive.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.msk.MskEvent;
import dev.iotpipeline.contracts.msk.MskRecord;
import dev.iotpipeline.contracts.msk.MskRecords;

class ArchiveServiceTest {

  private final Map<String, byte[]> objects = new LinkedHashMap<>();
  private final ArchiveService service = new ArchiveService(objects::put);

  @Test
  void objectKeyNamesTopicPartitionAndZeroPaddedOffsetRange() {
    long t = Instant.parse("2026-11-24T13:00:00Z").toEpochMilli();

    String key =
        ArchiveLayout.objectKey(
            ArchiveLayout.partitionOf(Dataset.RAW, t), Topics.RAW_EVENTS, 3, 100, 199);

    assertThat(key)
        .isEqualTo(
            "raw/dt=2026-11-24/hour=13/iot-raw-events-3-000000000000000100-000000000000000199.jsonl.gz");
  }

  @Test
  void partitionUsesUtcNotTheMachineZone() {
    long justBeforeMidnightUtc = Instant.parse("2026-12-31T23:59:59.999Z").toEpochMilli();

    assertThat(ArchiveLayout.partitionOf(Dataset.ALERTS, justBeforeMidnightUtc).folder())
        .isEqualTo("alerts/dt=2026-12-31/hour=23/");
  }

  @Test
  void recordWithoutEventTimeGoesToUnparsedByRecordTimestamp() {
    long recordTime = Instant.parse("2026-11-24T07:00:00Z").toEpochMilli();
    MskRecord record = record(Topics.ALERTS, 9, "{\"alertId\":\"a\"}", recordTime);

    ArchiveResult result = service.archive(event(record));

    assertThat(result.unparsed()).isEqualTo(1);
    assertThat(objects.keySet())
        .containsExactly(
            "unparsed/dt=2026-11-24/hour=07/iot-alerts-0-000000000000000009-000000000000000009.jsonl.gz");
  }

  @Test
  void tombstoneIsKeptUnderUnparsed() {
    MskRecord tombstone =
        new MskRecord(Topics.RAW_EVENTS, 0, 3, 0L, "CREATE_TIME", null, null, List.of());

    ArchiveResult result = service.archive(event(tombstone));

    assertThat(result.records()).isEqualTo(1);
    assertThat(result.unparsed()).isEqualTo(1);
    assertThat(objects).hasSize(1);
  }

  @Test
  void storeFailureFailsTheWholeInvocation() {
    ArchiveService failing =
        new ArchiveService(
            (key, bytes) -> {
              throw new IllegalStateException("S3 is down");
            });
    MskRecord record = record(Topics.RAW_EVENTS, 1, "{\"eventTime\":1}", 1L);

    assertThatThrownBy(() -> failing.archive(event(record))).hasMessageContaining("S3 is down");
  }

  @Test
  void emptyBatchWritesNothing() {
    ArchiveResult result = service.archive(new MskEvent("aws:kafka", "arn", "b:9092", Map.of()));

    assertThat(result.records()).isZero();
    assertThat(objects).isEmpty();
  }

  private static MskRecord record(String topic, long offset, String value, long timestamp) {
    return new MskRecord(
        topic,
        0,
        offset,
        timestamp,
        "CREATE_TIME",
        MskRecords.encode("m-1".getBytes(StandardCharsets.UTF_8)),
        MskRecords.encode(value.getBytes(StandardCharsets.UTF_8)),
        List.of());
  }

  private static MskEvent event(MskRecord record) {
    return new MskEvent(
        "aws:kafka",
        "arn:aws:kafka:us-east-1:123456789012:cluster/c/1",
        "b-1:9092",
        Map.of(record.topic() + "-" + record.partition(), List.of(record)));
  }
}
