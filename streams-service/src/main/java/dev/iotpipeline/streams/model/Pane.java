package dev.iotpipeline.streams.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Count, sum and sum of squares of one sensor metric's readings in one 15-second pane. */
@RegisterForReflection
public record Pane(long count, double sum, double sumSquares) {

  public static final Pane EMPTY = new Pane(0, 0, 0);

  public Pane add(double value) {
    return new Pane(count + 1, sum + value, sumSquares + value * value);
  }

  public Pane plus(Pane other) {
    return new Pane(count + other.count, sum + other.sum, sumSquares + other.sumSquares);
  }

  public Pane minus(Pane other) {
    return new Pane(count - other.count, sum - other.sum, sumSquares - other.sumSquares);
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Population standard deviation; never negative despite rounding. */
  public double stddev() {
    if (count == 0) {
      return Double.NaN;
    }
    double mean = sum / count;
    return Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
  }
}
