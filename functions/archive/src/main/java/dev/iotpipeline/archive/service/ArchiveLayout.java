package dev.iotpipeline.archive.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Where a line goes: {@code <dataset>/dt=YYYY-MM-DD/hour=HH/} by event time in UTC (Hive-style
 * partitions that Athena's partition projection reads), and the object name derived from the Kafka
 * coordinates so that writing the same records again gives the same key.
 */
public final class ArchiveLayout {

  private ArchiveLayout() {}

  /** One hour of one dataset: the unit a batch is split into. */
  public record HourPartition(Dataset dataset, String dt, String hour) {

    /** The folder, with trailing slash: {@code raw/dt=2026-11-24/hour=13/}. */
    public String folder() {
      return dataset.prefix() + "/dt=" + dt + "/hour=" + hour + "/";
    }
  }

  /** The hour partition of a time, epoch ms, in UTC. */
  public static HourPartition partitionOf(Dataset dataset, long epochMillis) {
    ZonedDateTime time = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
    return new HourPartition(
        dataset, time.toLocalDate().toString(), String.format("%02d", time.getHour()));
  }

  /**
   * The object key: folder, then topic, partition and the first and last offset (zero-padded to 18
   * digits so that names sort by offset), e.g. {@code
   * raw/dt=2026-11-24/hour=13/iot-raw-events-3-000000000000000100-000000000000000199.jsonl.gz}.
   */
  public static String objectKey(
      HourPartition partition, String topic, int kafkaPartition, long first, long last) {
    return String.format(
        "%s%s-%d-%018d-%018d.jsonl.gz", partition.folder(), topic, kafkaPartition, first, last);
  }
}
