package dev.iotpipeline.contracts;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A detected condition (schema {@code alert.schema.json}, topic {@link Topics#ALERTS}).
 *
 * @param alertId deterministic id of (sensor, rule, episode): the same condition gives the same id
 * @param sensorId the sensor
 * @param deviceType its device type
 * @param type THRESHOLD, ANOMALY, POWER_THEFT, SILENCE, … (see {@link AlertType})
 * @param severity CRITICAL, WARNING or INFO
 * @param status TRIGGERED or RESOLVED
 * @param metric the metric concerned, where there is one
 * @param eventTime when it happened (or ended), epoch ms
 * @param detectedAt when the pipeline detected it, epoch ms
 * @param summary one readable line
 * @param evidence the numbers that prove it
 * @param customerId registry data, where known
 * @param address registry data, where known
 * @param accountStatus registry data, where known
 * @param lat registry data, where known
 * @param lon registry data, where known
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
    String alertId,
    String sensorId,
    String deviceType,
    String type,
    Severity severity,
    AlertStatus status,
    String metric,
    long eventTime,
    long detectedAt,
    String summary,
    Map<String, Object> evidence,
    String customerId,
    String address,
    String accountStatus,
    Double lat,
    Double lon) {}
