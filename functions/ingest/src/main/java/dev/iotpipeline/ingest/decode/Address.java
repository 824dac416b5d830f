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
    // Index arithmetic rather than split/substring: this runs for every message.
    String s = topicOrPath;
    int end = s.indexOf('?');
    if (end < 0) {
      end = s.length();
    }
    int start = end > 0 && s.charAt(0) == '/' ? 1 : 0;
    if (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    int first = slash(s, start, end);
    int second = first < 0 ? -1 : slash(s, first + 1, end);
    if (second < 0) {
      return null;
    }
    int third = slash(s, second + 1, end);
    if (third < 0) {
      // telemetry/{deviceType}/{sensorId}
      return segment(s, start, first, "telemetry") && first + 1 < second && second + 1 < end
          ? new Address(s.substring(first + 1, second), s.substring(second + 1, end))
          : null;
    }
    // dt/{deviceType}/{sensorId}/telemetry
    return slash(s, third + 1, end) < 0
            && segment(s, start, first, "dt")
            && segment(s, third + 1, end, "telemetry")
            && first + 1 < second
            && second + 1 < third
        ? new Address(s.substring(first + 1, second), s.substring(second + 1, third))
        : null;
  }

  /** The first '/' in [from, end), or -1. */
  private static int slash(String s, int from, int end) {
    int i = s.indexOf('/', from);
    return i >= 0 && i < end ? i : -1;
  }

  /** Whether [from, to) of s is exactly the word. */
  private static boolean segment(String s, int from, int to, String word) {
    return to - from == word.length() && s.startsWith(word, from);
  }
}
