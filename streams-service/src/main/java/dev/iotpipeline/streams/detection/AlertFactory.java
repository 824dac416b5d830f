package dev.iotpipeline.streams.detection;

import java.util.Map;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.Severity;

/** Builds alerts enriched with the device's registry data. */
public final class AlertFactory {

  private AlertFactory() {}

  public static Alert alert(
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
      Device device) {
    String type0 = deviceType != null ? deviceType : device != null ? device.deviceType() : null;
    return new Alert(
        alertId,
        sensorId,
        type0 == null ? "unknown" : type0,
        type,
        severity,
        status,
        metric,
        eventTime,
        detectedAt,
        summary,
        evidence,
        device == null ? null : device.customerId(),
        device == null ? null : device.address(),
        device == null ? null : device.accountStatus(),
        device == null ? null : device.lat(),
        device == null ? null : device.lon());
  }
}
