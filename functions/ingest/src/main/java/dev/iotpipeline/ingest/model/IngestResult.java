package dev.iotpipeline.ingest.model;

import dev.iotpipeline.contracts.DeadLetter;

/**
 * What became of one message once the broker acknowledged every record of it.
 *
 * @param readings readings written to {@code iot-raw-events}
 * @param presences presence changes written to {@code iot-device-presence}
 * @param deadLetter the dead letter written to {@code iot-dlq}, or null when accepted
 */
public record IngestResult(int readings, int presences, DeadLetter deadLetter) {

  public boolean accepted() {
    return deadLetter == null;
  }
}
