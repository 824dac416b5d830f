package dev.iotpipeline.contracts.msk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the parts of an {@link MskRecord} (base64 key and value, headers as byte arrays) and
 * builds records the way Lambda encodes them (for tests and local drivers).
 */
public final class MskRecords {

  private MskRecords() {}

  /** Every record of the batch, partition by partition, each partition in offset order. */
  public static List<MskRecord> all(MskEvent event) {
    List<MskRecord> all = new ArrayList<>();
    if (event == null || event.records() == null) {
      return all;
    }
    for (List<MskRecord> partition : event.records().values()) {
      if (partition != null) {
        all.addAll(partition);
      }
    }
    return all;
  }

  /** The key's bytes, or null for a record without key. */
  public static byte[] key(MskRecord record) {
    return decode(record.key(), "key", record);
  }

  /** The key as UTF-8 (the pipeline's keys are sensor ids), or null for a record without key. */
  public static String keyAsString(MskRecord record) {
    byte[] key = key(record);
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  /** The value's bytes, or null for a tombstone. */
  public static byte[] value(MskRecord record) {
    return decode(record.value(), "value", record);
  }

  /**
   * The headers in record order (a name may repeat: the last one wins in this map, as in most Kafka
   * header lookups).
   */
  public static Map<String, byte[]> headers(MskRecord record) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    if (record.headers() == null) {
      return headers;
    }
    for (Map<String, int[]> header : record.headers()) {
      header.forEach((name, numbers) -> headers.put(name, toBytes(numbers)));
    }
    return headers;
  }

  /** A header's value as UTF-8, or null when the record has no such header. */
  public static String header(MskRecord record, String name) {
    byte[] value = headers(record).get(name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** Where the record sits, for messages: {@code topic-partition@offset}. */
  public static String position(MskRecord record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  /** Encodes a header value the way Lambda does: each byte as a (signed) number. */
  public static int[] headerValue(byte[] bytes) {
    int[] numbers = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      numbers[i] = bytes[i];
    }
    return numbers;
  }

  /** Encodes a key or value the way Lambda does (base64), or null for null. */
  public static String encode(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] toBytes(int[] numbers) {
    if (numbers == null) {
      return new byte[0];
    }
    byte[] bytes = new byte[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      if (numbers[i] < Byte.MIN_VALUE || numbers[i] > 255) {
        throw new IllegalArgumentException("A header byte is out of range: " + numbers[i]);
      }
      bytes[i] = (byte) numbers[i];
    }
    return bytes;
  }

  private static byte[] decode(String base64, String part, MskRecord record) {
    if (base64 == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The " + part + " of " + position(record) + " is not valid base64: " + e.getMessage(), e);
    }
  }
}
