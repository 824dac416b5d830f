package dev.iotpipeline.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Readings of one region's devices in one tumbling window (schema {@code region-count.schema.json},
 * topic {@link WindowTopics#COUNTS_BY_REGION}, key = region). Window start inclusive, end
 * exclusive.
 */
@RegisterForReflection
public record RegionCount(String region, long windowStart, long windowEnd, long count) {}
