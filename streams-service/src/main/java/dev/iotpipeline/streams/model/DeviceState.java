package dev.iotpipeline.streams.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the topology knows of one device's connection.
 *
 * @param deviceType the device type of its latest reading, or null before any reading
 * @param connected the latest connection state, or null where none was ever reported
 * @param connectedAt event time of the report that set {@code connected}; the latest wins
 * @param lastActivityWall wall-clock time of its latest reading or connect, for SILENCE
 * @param lastEventTime event time of its latest reading, or 0
 */
@RegisterForReflection
public record DeviceState(
    String deviceType,
    Boolean connected,
    long connectedAt,
    long lastActivityWall,
    long lastEventTime) {

  /** Connected unless a disconnect was reported: a device that sends readings is online. */
  public boolean consideredConnected() {
    return connected == null || connected;
  }

  /** This state after a connection report; an older report than the one in force is ignored. */
  public DeviceState withPresence(boolean isConnected, long eventTime, long wallNow) {
    if (connected != null && eventTime < connectedAt) {
      return this;
    }
    long activity = isConnected && !consideredConnected() ? wallNow : lastActivityWall;
    return new DeviceState(deviceType, isConnected, eventTime, activity, lastEventTime);
  }

  /** This state after a reading. */
  public DeviceState withReading(String type, long eventTime, long wallNow) {
    return new DeviceState(
        type, connected, connectedAt, wallNow, Math.max(lastEventTime, eventTime));
  }
}
