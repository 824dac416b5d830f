package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The final aggregate of one sensor's metric over one tumbling window (schema {@code
 * aggregate.schema.json}, topic {@link Topics#AGGREGATES_5M}). Window start inclusive, end
 * exclusive.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowAggregate(
    String sensorId,
    String deviceType,
    String metric,
    long windowStart,
    long windowEnd,
    long count,
    double sum,
    double avg,
    double min,
    double max) {}
