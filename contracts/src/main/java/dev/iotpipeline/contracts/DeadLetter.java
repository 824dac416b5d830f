package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A rejected input (schema {@code dead-letter.schema.json}, topic {@link Topics#DLQ}).
 *
 * @param reason the reason code
 * @param detail one human-readable line
 * @param stage {@code ingest} or {@code streams}
 * @param source where it came from
 * @param sensorId the sensor, where it could be told
 * @param receivedAt when it was received, epoch ms
 * @param payload the original bytes, base64
 * @param payloadSize the original size in bytes
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    DeadLetterReason reason,
    String detail,
    String stage,
    Source source,
    String sensorId,
    long receivedAt,
    String payload,
    Integer payloadSize) {

  public static final String STAGE_INGEST = "ingest";
  public static final String STAGE_STREAMS = "streams";
}
