package dev.iotpipeline.contracts;

/**
 * The Kafka topics of the outside contract (CONTRACT.md §2). Every record is keyed by sensor id.
 */
public final class Topics {

  /** Canonical, validated readings; record timestamp = event time. */
  public static final String RAW_EVENTS = "iot-raw-events";

  /** Every rejected input, with its reason and original payload. */
  public static final String DLQ = "iot-dlq";

  /** Connection-state changes from lifecycle events and readings' connected flag. */
  public static final String DEVICE_PRESENCE = "iot-device-presence";

  /** Readings that arrived after their window closed (past the grace period). */
  public static final String LATE_EVENTS = "iot-late-events";

  /** One final record per sensor, metric and 5-minute tumbling window. */
  public static final String AGGREGATES_5M = "iot-aggregates-5m";

  /** Detected conditions. */
  public static final String ALERTS = "iot-alerts";

  /** Device registry changes (compacted); read by the topology as a GlobalKTable. */
  public static final String DEVICE_REGISTRY = "iot-device-registry";

  private Topics() {}
}
