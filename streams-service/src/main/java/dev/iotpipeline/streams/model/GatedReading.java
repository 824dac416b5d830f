package dev.iotpipeline.streams.model;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.LateReading;

/**
 * A reading after the lateness gate: on time or late, with its window, the stream time after it,
 * and what the registry says of its device, looked up once for everything after the gate. Internal
 * to the topology (never serialized).
 */
public record GatedReading(
    CanonicalReading reading,
    RegistryEntry registry,
    boolean late,
    long windowStart,
    long windowEnd,
    long streamTime) {

  public LateReading toLateReading() {
    return new LateReading(reading, windowStart, windowEnd, streamTime);
  }
}
