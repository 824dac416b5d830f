package dev.iotpipeline.streams.model;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DeviceSession;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A device's activity session so far; its bounds are the session window's. */
@RegisterForReflection
public record SessionState(String deviceType, long count) {

  /** The state of a session before its first reading. */
  public static SessionState empty() {
    return new SessionState(null, 0);
  }

  /** This session with one more reading. */
  public SessionState add(CanonicalReading reading) {
    return new SessionState(
        reading.deviceType() != null ? reading.deviceType() : deviceType, count + 1);
  }

  /** Two sessions joined by a reading that fell within the gap of both. */
  public SessionState merge(SessionState other) {
    return new SessionState(
        deviceType != null ? deviceType : other.deviceType, count + other.count);
  }

  /** The final record of the session. */
  public DeviceSession toDeviceSession(String sensorId, long sessionStart, long sessionEnd) {
    return new DeviceSession(sensorId, deviceType, sessionStart, sessionEnd, count);
  }
}
