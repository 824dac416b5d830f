package dev.iotpipeline.streams.topology;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.streams.detection.TumblingWindows;

/**
 * The open tumbling windows of one processor in one task, in a key-value store keyed {@code
 * windowStart(hex16)|…}, so that the windows to close are one ordered range scan, done once per
 * window boundary rather than per record.
 *
 * <p>Stream time is the lateness gate's ({@link LateGateProcessor}: the highest event time of the
 * task's valid readings, kept in {@link TelemetryTopology#STREAM_TIME_STORE}), handed down with
 * every reading: the processors after the gate keep none of their own, so a restarted or moved task
 * goes on closing where the gate's restored stream time says.
 */
final class OpenWindows<V> {

  private final TumblingWindows windows;
  private final KeyValueStore<String, V> open;

  /** The latest window start closed by this instance (the first scan after a restart repeats). */
  private long closedUpTo = Long.MIN_VALUE;

  OpenWindows(TumblingWindows windows, KeyValueStore<String, V> open) {
    this.windows = windows;
    this.open = open;
  }

  /** The start of the latest window closed since this instance began (Long.MIN_VALUE if none). */
  long closedUpTo() {
    return closedUpTo;
  }

  /**
   * Takes out of the store every window that has closed by {@code streamTime} ({@code start + size
   * + grace <= streamTime}).
   *
   * @return the closed windows' entries in key order (window start first), already deleted; empty
   *     unless stream time has crossed a window boundary since the last call
   */
  List<KeyValue<String, V>> closeBy(long streamTime) {
    long lastClosable = streamTime - windows.sizeMs() - windows.graceMs();
    if (lastClosable < 0) {
      return List.of();
    }
    long lastClosableStart = windows.startOf(lastClosable);
    if (lastClosableStart <= closedUpTo) {
      return List.of();
    }
    closedUpTo = lastClosableStart;
    return takeUpTo(open, lastClosableStart);
  }

  /**
   * Takes out of a store keyed by {@link #windowPrefix} every window with {@code start <=
   * lastStart}: their entries in key order (window start first), already deleted.
   */
  static <V> List<KeyValue<String, V>> takeUpTo(KeyValueStore<String, V> store, long lastStart) {
    // The store orders keys by their UTF-8 bytes, in which a character beyond U+FFFF sorts after
    // "\uffff": the scan ends at the next millisecond's prefix, which no key of a closable window
    // reaches whatever follows its own prefix (and no key is a bare prefix).
    List<KeyValue<String, V>> closed = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        store.range(windowPrefix(0), windowPrefix(lastStart + 1))) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, V> entry : closed) {
      StoreDeletes.delete(store, entry.key);
    }
    return closed;
  }

  /** {@code %016x|} of the window start, without a Formatter (it runs for every record). */
  static String windowPrefix(long windowStart) {
    String hex = Long.toHexString(windowStart);
    return "0".repeat(16 - hex.length()) + hex + "|";
  }

  /** The window start of a key made with {@link #windowPrefix}. */
  static long windowStartOf(String key) {
    return Long.parseUnsignedLong(key, 0, 16, 16);
  }

  /** What follows the window prefix of a key made with {@link #windowPrefix}. */
  static String afterWindowPrefix(String key) {
    return key.substring(17);
  }
}
