package dev.iotpipeline.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A reading that arrived after its window closed (schema {@code late-reading.schema.json}, topic
 * {@link Topics#LATE_EVENTS}).
 *
 * @param reading the reading as it arrived
 * @param windowStart start of the window it belonged to, epoch ms
 * @param windowEnd end of that window, epoch ms
 * @param streamTime the stream time when it arrived, epoch ms
 */
@RegisterForReflection
public record LateReading(
    CanonicalReading reading, long windowStart, long windowEnd, long streamTime) {}
