package dev.iotpipeline.archive.service;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The line written for a record that could not be read as a contract record: the record whole, as
 * Lambda delivered it, so that it can be replayed or inspected later.
 *
 * @param topic Kafka topic
 * @param partition Kafka partition
 * @param offset Kafka offset
 * @param timestamp record timestamp, epoch ms (the partitioning time of this line)
 * @param timestampType CREATE_TIME or LOG_APPEND_TIME
 * @param key the key, base64 as delivered
 * @param value the value, base64 as delivered
 * @param headers header name to value (base64)
 * @param reason why it could not be read
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnparsedRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    String timestampType,
    String key,
    String value,
    Map<String, String> headers,
    String reason) {}
