package dev.iotpipeline.streams.topology;

import dev.iotpipeline.contracts.CanonicalReading;

/**
 * The fields the topology relies on. A reading that lacks them fails processing and becomes a dead
 * letter through the processing exception handler.
 */
final class ReadingCheck {

  private ReadingCheck() {}

  static CanonicalReading require(String key, CanonicalReading reading) {
    if (reading == null) {
      throw new IllegalArgumentException("reading without a value (key " + key + ")");
    }
    if (reading.sensorId() == null || reading.sensorId().isBlank()) {
      throw new IllegalArgumentException("reading without sensorId (key " + key + ")");
    }
    if (reading.metric() == null || reading.metric().isBlank()) {
      throw new IllegalArgumentException("reading without metric (sensor " + key + ")");
    }
    if (!Double.isFinite(reading.value())) {
      throw new IllegalArgumentException("reading with a non-finite value (sensor " + key + ")");
    }
    if (key != null && !key.equals(reading.sensorId())) {
      throw new IllegalArgumentException(
          "record key " + key + " is not the reading's sensorId " + reading.sensorId());
    }
    return reading;
  }
}
