package dev.iotpipeline.fanout.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.fanout.client.PagerDutyEvent;

/** What people read: the SNS subject and body, and the PagerDuty event of an alert. */
public final class AlertMessages {

  /** SNS: at most 100 printable ASCII characters, no line breaks. */
  static final int MAX_SUBJECT = 100;

  /** PagerDuty: payload.summary at most 1024 characters. */
  static final int MAX_SUMMARY = 1024;

  private AlertMessages() {}

  /** {@code [CRITICAL] POWER_THEFT on m-1 (smart-meter)}, or {@code [RESOLVED] …}. */
  public static String subject(Alert alert) {
    String label =
        alert.status() == AlertStatus.RESOLVED ? "RESOLVED" : String.valueOf(alert.severity());
    String text =
        "[" + label + "] " + alert.type() + " on " + alert.sensorId() + deviceSuffix(alert);
    StringBuilder ascii = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return ascii.length() > MAX_SUBJECT ? ascii.substring(0, MAX_SUBJECT) : ascii.toString();
  }

  /** A readable body: the summary, then the facts one per line, then evidence and registry data. */
  public static String body(Alert alert) {
    StringBuilder body = new StringBuilder(512);
    if (alert.status() == AlertStatus.RESOLVED) {
      body.append("Resolved: ");
    }
    body.append(
            alert.summary() == null ? alert.type() + " on " + alert.sensorId() : alert.summary())
        .append("\n\n");
    line(body, "Status", alert.status());
    line(body, "Severity", alert.severity());
    line(body, "Type", alert.type());
    line(body, "Sensor", alert.sensorId() + deviceSuffix(alert));
    line(body, "Metric", alert.metric());
    line(body, "Event time", Instant.ofEpochMilli(alert.eventTime()));
    line(body, "Detected at", Instant.ofEpochMilli(alert.detectedAt()));
    line(body, "Alert id", alert.alertId());
    if (alert.evidence() != null && !alert.evidence().isEmpty()) {
      body.append("\nEvidence:\n");
      alert
          .evidence()
          .forEach(
              (name, value) ->
                  body.append("  ").append(name).append(": ").append(value).append('\n'));
    }
    if (alert.customerId() != null || alert.address() != null || alert.accountStatus() != null) {
      body.append("\nDevice registry:\n");
      line(body, "  Customer", alert.customerId());
      line(body, "  Address", alert.address());
      line(body, "  Account", alert.accountStatus());
      if (alert.lat() != null && alert.lon() != null) {
        line(body, "  Location", alert.lat() + ", " + alert.lon());
      }
    }
    return body.toString();
  }

  /** The SNS message attributes subscribers filter on. */
  public static Map<String, String> attributes(Alert alert) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("severity", String.valueOf(alert.severity()));
    attributes.put("type", alert.type());
    attributes.put("deviceType", alert.deviceType());
    attributes.put("status", String.valueOf(alert.status()));
    return attributes;
  }

  /** The Events API v2 event: {@code trigger} with details, or {@code resolve} by dedup key. */
  public static PagerDutyEvent pagerDutyEvent(Alert alert, String routingKey) {
    if (alert.status() == AlertStatus.RESOLVED) {
      return new PagerDutyEvent(routingKey, "resolve", alert.alertId(), "iot-pipeline", null);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    if (alert.evidence() != null) {
      details.putAll(alert.evidence());
    }
    details.put("alertId", alert.alertId());
    details.put("detectedAt", Instant.ofEpochMilli(alert.detectedAt()).toString());
    putIfKnown(details, "customerId", alert.customerId());
    putIfKnown(details, "address", alert.address());
    putIfKnown(details, "accountStatus", alert.accountStatus());
    putIfKnown(details, "lat", alert.lat());
    putIfKnown(details, "lon", alert.lon());
    String summary = alert.summary() == null ? subject(alert) : alert.summary();
    PagerDutyEvent.Payload payload =
        new PagerDutyEvent.Payload(
            summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary,
            alert.sensorId(),
            "critical",
            Instant.ofEpochMilli(alert.eventTime()).toString(),
            alert.deviceType(),
            alert.metric(),
            alert.type(),
            details);
    return new PagerDutyEvent(routingKey, "trigger", alert.alertId(), "iot-pipeline", payload);
  }

  private static String deviceSuffix(Alert alert) {
    return alert.deviceType() == null ? "" : " (" + alert.deviceType() + ")";
  }

  private static void line(StringBuilder body, String label, Object value) {
    if (value != null) {
      body.append(label).append(": ").append(value).append('\n');
    }
  }

  private static void putIfKnown(Map<String, Object> details, String name, Object value) {
    if (value != null) {
      details.put(name, value);
    }
  }
}
