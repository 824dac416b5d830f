package dev.iotpipeline.contracts;

/**
 * The topics of the seed's other windows (streams-service, each switchable): added to the contract
 * next to {@link Topics}, whose list stays as it was.
 */
public final class WindowTopics {

  /** Readings per region per 1-minute tumbling window ({@link RegionCount}); key = region. */
  public static final String COUNTS_BY_REGION = "iot-counts-1m-by-region";

  /**
   * Per sensor and metric over 10-minute hopping windows ({@link WindowAggregate}); key = sensorId.
   */
  public static final String AGGREGATES_HOPPING = "iot-aggregates-10m-hopping";

  /**
   * Activity sessions per device, 30-minute inactivity gap ({@link DeviceSession}); key = sensorId.
   */
  public static final String DEVICE_SESSIONS = "iot-device-sessions";

  private WindowTopics() {}
}
