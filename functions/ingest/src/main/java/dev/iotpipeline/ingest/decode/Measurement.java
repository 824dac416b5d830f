package dev.iotpipeline.ingest.decode;

/**
 * One decoded value before it becomes a canonical reading.
 *
 * @param sensorId the sensor the payload names, or null where the address must name it
 * @param metric the metric name
 * @param value the value (finiteness is checked by the decoder)
 * @param unit the unit, or null
 * @param eventTime epoch ms
 */
public record Measurement(
    String sensorId, String metric, double value, String unit, long eventTime) {}
