package dev.iotpipeline.streams.model;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.WindowAggregate;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The running aggregate of one sensor's metric in one open window. */
@RegisterForReflection
public record AggregateState(
    String sensorId,
    String deviceType,
    String metric,
    long windowStart,
    long windowEnd,
    long count,
    double sum,
    double min,
    double max) {

  /** The aggregate of a window's first reading. */
  public static AggregateState first(CanonicalReading reading, long windowStart, long windowEnd) {
    double v = reading.value();
    return new AggregateState(
        reading.sensorId(),
        reading.deviceType(),
        reading.metric(),
        windowStart,
        windowEnd,
        1,
        v,
        v,
        v);
  }

  /** This aggregate with one more value. */
  public AggregateState add(double value) {
    return new AggregateState(
        sensorId,
        deviceType,
        metric,
        windowStart,
        windowEnd,
        count + 1,
        sum + value,
        Math.min(min, value),
        Math.max(max, value));
  }

  /**
   * This aggregate and a later window's of the same sensor and metric, as the aggregate of the
   * window {@code [windowStart, windowEnd)} that holds both (a hopping window built from panes).
   */
  public AggregateState mergedInto(long windowStart, long windowEnd, AggregateState later) {
    return new AggregateState(
        sensorId,
        later.deviceType != null ? later.deviceType : deviceType,
        metric,
        windowStart,
        windowEnd,
        count + later.count,
        sum + later.sum,
        Math.min(min, later.min),
        Math.max(max, later.max));
  }

  /** The same totals as the aggregate of another window (a hopping window's first pane). */
  public AggregateState rewindowed(long windowStart, long windowEnd) {
    return new AggregateState(
        sensorId, deviceType, metric, windowStart, windowEnd, count, sum, min, max);
  }

  /** The final record of the window. */
  public WindowAggregate toWindowAggregate() {
    return new WindowAggregate(
        sensorId, deviceType, metric, windowStart, windowEnd, count, sum, sum / count, min, max);
  }
}
