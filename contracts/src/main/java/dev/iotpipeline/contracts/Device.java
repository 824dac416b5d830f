package dev.iotpipeline.contracts;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A device registry entry (schema {@code device.schema.json}, compacted topic {@link
 * Topics#DEVICE_REGISTRY}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Device(
    String sensorId,
    String deviceType,
    String customerId,
    String address,
    String accountStatus,
    Double lat,
    Double lon,
    Map<String, ThresholdBounds> thresholds) {}
