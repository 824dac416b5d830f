package dev.iotpipeline.streams.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Count, sum, min and max of one metric's values in one window. */
@RegisterForReflection
public record MetricStats(long count, double sum, double min, double max) {

  /** The stats of a single value. */
  public static MetricStats of(double value) {
    return new MetricStats(1, value, value, value);
  }

  /** These stats with one more value. */
  public MetricStats add(double value) {
    return new MetricStats(count + 1, sum + value, Math.min(min, value), Math.max(max, value));
  }
}
