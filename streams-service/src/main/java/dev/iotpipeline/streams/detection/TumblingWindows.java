package dev.iotpipeline.streams.detection;

/**
 * Epoch-aligned tumbling event-time windows with a grace period: the one definition of "late" that
 * the lateness gate, the aggregation and the tests share.
 *
 * <p>A window is {@code [start, start + size)}. It closes when stream time (the highest event time
 * seen by the task) reaches {@code end + grace}; a reading whose window has closed is late. This is
 * Kafka Streams' own rule for windowed aggregations, made explicit so that late readings are routed
 * instead of silently dropped.
 */
public record TumblingWindows(long sizeMs, long graceMs) {

  public TumblingWindows {
    if (sizeMs <= 0) {
      throw new IllegalArgumentException("pipeline.windows.size must be positive, not " + sizeMs);
    }
    if (graceMs < 0) {
      throw new IllegalArgumentException(
          "pipeline.windows.grace must not be negative, not " + graceMs);
    }
  }

  /** Start (inclusive) of the window holding this event time. */
  public long startOf(long eventTime) {
    return eventTime - Math.floorMod(eventTime, sizeMs);
  }

  /** End (exclusive) of the window holding this event time. */
  public long endOf(long eventTime) {
    return startOf(eventTime) + sizeMs;
  }

  /** Whether the window ending at {@code windowEnd} has closed at this stream time. */
  public boolean isClosed(long windowEnd, long streamTime) {
    return windowEnd + graceMs <= streamTime;
  }

  /** Whether a reading with this event time is late at this stream time. */
  public boolean isLate(long eventTime, long streamTime) {
    return isClosed(endOf(eventTime), streamTime);
  }
}
