package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A period of activity of one device: readings no further apart than the inactivity gap (schema
 * {@code device-session.schema.json}, topic {@link WindowTopics#DEVICE_SESSIONS}).
 *
 * @param sessionStart event time of the first reading, epoch ms
 * @param sessionEnd event time of the last reading, epoch ms (inclusive)
 * @param count readings in the session (one per metric value)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceSession(
    String sensorId, String deviceType, long sessionStart, long sessionEnd, long count) {}
