package dev.iotpipeline.ingest.decode;

/**
 * A {@code connected} flag found in a payload.
 *
 * @param sensorId the sensor the payload names, or null where the address must name it
 * @param connected the flag
 * @param eventTime epoch ms of the reading that carried it
 */
public record PresenceFlag(String sensorId, boolean connected, long eventTime) {}
