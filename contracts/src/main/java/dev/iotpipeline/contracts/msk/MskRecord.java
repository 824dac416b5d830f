package dev.iotpipeline.contracts.msk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One Kafka record of an {@link MskEvent}. Use {@link MskRecords} to decode key, value and headers.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset in its partition
 * @param timestamp the record timestamp, epoch ms
 * @param timestampType {@code CREATE_TIME} or {@code LOG_APPEND_TIME}
 * @param key the key, base64; absent for a record without key
 * @param value the value, base64; absent for a tombstone
 * @param headers the headers in record order, each a one-entry map from header name to the header
 *     value's bytes as numbers (Lambda writes Java's signed bytes; 0..255 is accepted as well)
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MskRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    String timestampType,
    String key,
    String value,
    List<Map<String, int[]>> headers) {}
