package dev.iotpipeline.ingest.decode;

/**
 * The device type and sensor named by an MQTT topic {@code dt/{deviceType}/{sensorId}/telemetry} or
 * an HTTP/CoAP path {@code /telemetry/{deviceType}/{sensorId}} (CONTRACT.md §1).
 */
public record Address(String deviceType, String sensorId) {

  /**
   * Reads a topic or path.
   *
   * @return the address, or null when it has neither shape
   */
  public static Address parse(String topicOrPath) {
    if (topicOrPath == null) {
      return null;
    }
    String s = topicOrPath;
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query);
    }
    if (s.startsWith("/")) {
      s = s.substring(1);
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    String[] parts = s.split("/", -1);
    if (parts.length == 4
        && "dt".equals(parts[0])
        && "telemetry".equals(parts[3])
        && !parts[1].isEmpty()
        && !parts[2].isEmpty()) {
      return new Address(parts[1], parts[2]);
    }
    if (parts.length == 3
        && "telemetry".equals(parts[0])
        && !parts[1].isEmpty()
        && !parts[2].isEmpty()) {
      return new Address(parts[1], parts[2]);
    }
    return null;
  }
}
