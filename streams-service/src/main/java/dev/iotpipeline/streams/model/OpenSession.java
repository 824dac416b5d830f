package dev.iotpipeline.streams.model;

import dev.iotpipeline.contracts.DeviceSession;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One open activity session of a device: the event times of its first and last reading (both
 * inclusive), how many readings it holds and the device type they named.
 */
@RegisterForReflection
public record OpenSession(long start, long end, long count, String deviceType) {

  /** The final record of the session. */
  public DeviceSession toDeviceSession(String sensorId) {
    return new DeviceSession(sensorId, deviceType, start, end, count);
  }
}
