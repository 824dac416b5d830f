package dev.iotpipeline.ingest.service;

import java.util.List;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DevicePresence;

/**
 * The outcome of translating one message: readings and presence changes, or exactly one dead
 * letter.
 *
 * @param readings canonical readings for {@code iot-raw-events}
 * @param presences presence changes for {@code iot-device-presence}
 * @param deadLetter the reject for {@code iot-dlq}, or null
 * @param deadLetterKey the record key of the dead letter: the sensor id, else the client id, else
 *     ""
 */
public record Translation(
    List<CanonicalReading> readings,
    List<DevicePresence> presences,
    DeadLetter deadLetter,
    String deadLetterKey) {

  public static Translation accepted(
      List<CanonicalReading> readings, List<DevicePresence> presences) {
    return new Translation(readings, presences, null, null);
  }

  public static Translation rejected(DeadLetter deadLetter, String key) {
    return new Translation(List.of(), List.of(), deadLetter, key);
  }

  public boolean isAccepted() {
    return deadLetter == null;
  }
}
