package dev.iotpipeline.archive.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.archive.service.ArchiveLayout.HourPartition;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.msk.MskEvent;
import dev.iotpipeline.contracts.msk.MskRecord;
import dev.iotpipeline.contracts.msk.MskRecords;
import io.quarkus.logging.Log;

/**
 * Archives one MSK batch: every record becomes one JSON line; lines are grouped by Kafka partition
 * and event hour, and each group becomes one gzip object whose key names its offset range. A batch
 * that spans several hours therefore gives several objects, and a retried batch overwrites the same
 * objects instead of adding copies. Any write failure fails the whole invocation, so that the event
 * source mapping retries the batch.
 */
@ApplicationScoped
public class ArchiveService {

  private static final ObjectMapper MAPPER = ContractJson.mapper();

  private final ArchiveStore store;

  @Inject
  public ArchiveService(ArchiveStore store) {
    this.store = store;
  }

  /** Archives the batch; returns what was written. */
  public ArchiveResult archive(MskEvent event) {
    Map<GroupKey, Group> groups = new LinkedHashMap<>();
    int records = 0;
    int unparsed = 0;
    for (MskRecord record : MskRecords.all(event)) {
      records++;
      Line line = toLine(record);
      if (line.partition().dataset() == Dataset.UNPARSED) {
        unparsed++;
      }
      groups
          .computeIfAbsent(
              new GroupKey(line.partition(), record.topic(), record.partition()),
              key -> new Group())
          .add(record.offset(), line.json());
    }
    List<String> keys = new ArrayList<>(groups.size());
    for (Map.Entry<GroupKey, Group> entry : groups.entrySet()) {
      GroupKey key = entry.getKey();
      Group group = entry.getValue();
      String objectKey =
          ArchiveLayout.objectKey(
              key.hour(), key.topic(), key.kafkaPartition(), group.first, group.last);
      store.put(objectKey, group.gzip());
      keys.add(objectKey);
    }
    Log.infof("Archived %d records (%d unparsed) into %d objects", records, unparsed, keys.size());
    return new ArchiveResult(records, unparsed, keys);
  }

  /** The line for a record and the hour partition it belongs to. */
  static Line toLine(MskRecord record) {
    Optional<Dataset> dataset = Dataset.ofTopic(record.topic());
    if (dataset.isEmpty()) {
      return unparsed(record, "topic " + record.topic() + " is not archived as a dataset");
    }
    byte[] value;
    try {
      value = MskRecords.value(record);
    } catch (IllegalArgumentException e) {
      return unparsed(record, e.getMessage());
    }
    if (value == null) {
      return unparsed(record, "the record has no value");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(value);
    } catch (IOException e) {
      return unparsed(record, "the value is not JSON: " + firstLine(e));
    }
    JsonNode eventTime = json == null ? null : json.get("eventTime");
    if (eventTime == null || !eventTime.canConvertToLong() || eventTime.asLong() < 0) {
      return unparsed(record, "the value has no eventTime (epoch ms)");
    }
    return new Line(
        ArchiveLayout.partitionOf(dataset.get(), eventTime.asLong()), writeCompact(json));
  }

  private static Line unparsed(MskRecord record, String reason) {
    Map<String, String> headers = new LinkedHashMap<>();
    MskRecords.headers(record)
        .forEach((name, bytes) -> headers.put(name, MskRecords.encode(bytes)));
    UnparsedRecord line =
        new UnparsedRecord(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.timestampType(),
            record.key(),
            record.value(),
            headers,
            reason);
    return new Line(
        ArchiveLayout.partitionOf(Dataset.UNPARSED, record.timestamp()), writeCompact(line));
  }

  private static byte[] writeCompact(Object value) {
    try {
      // Jackson's compact form never contains a raw newline: one record, one line.
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written back", e);
    }
  }

  private static String firstLine(IOException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  record Line(HourPartition partition, byte[] json) {}

  private record GroupKey(HourPartition hour, String topic, int kafkaPartition) {}

  private static final class Group {
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    void add(long offset, byte[] json) {
      first = Math.min(first, offset);
      last = Math.max(last, offset);
      lines.writeBytes(json);
      lines.write('\n');
    }

    byte[] gzip() {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream(lines.size() / 4 + 64);
      try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 8192)) {
        lines.writeTo(gzip);
      } catch (IOException e) {
        throw new UncheckedIOException("gzip into memory failed", e);
      }
      return compressed.toByteArray();
    }
  }
}
