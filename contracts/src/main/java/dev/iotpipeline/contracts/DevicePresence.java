package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A connection-state change (schema {@code device-presence.schema.json}, topic {@link
 * Topics#DEVICE_PRESENCE}). Changes may arrive twice and out of order: the latest event time wins.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DevicePresence(
    String sensorId,
    boolean connected,
    long eventTime,
    PresenceOrigin origin,
    String disconnectReason) {}
