package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One measurement of one metric of one sensor at one event time: what every payload format is
 * translated to (schema {@code canonical-reading.schema.json}, topic {@link Topics#RAW_EVENTS}).
 *
 * @param sensorId the sensor (IoT thing name); the record key
 * @param deviceType the device type, e.g. {@code smart-meter}
 * @param metric the metric name, e.g. {@code power_w}
 * @param value the finite measured value
 * @param unit the SenML unit, or null
 * @param eventTime when it was measured, epoch ms; the record timestamp
 * @param receivedAt when the pipeline received it, epoch ms
 * @param connected the device's own connection flag, or null where the payload had none
 * @param source where the message came from
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalReading(
    String sensorId,
    String deviceType,
    String metric,
    double value,
    String unit,
    long eventTime,
    long receivedAt,
    Boolean connected,
    Source source) {}
