package dev.iotpipeline.streams.detection;

import java.util.Optional;

import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.contracts.ThresholdBounds;

/** THRESHOLD: a value strictly beyond a CRITICAL or WARNING bound. */
public final class ThresholdRule {

  private ThresholdRule() {}

  /** The severity of the value against the bounds, or empty when it is within them. */
  public static Optional<Severity> evaluate(double value, ThresholdBounds bounds) {
    if (bounds == null) {
      return Optional.empty();
    }
    if (above(value, bounds.criticalAbove()) || below(value, bounds.criticalBelow())) {
      return Optional.of(Severity.CRITICAL);
    }
    if (above(value, bounds.warningAbove()) || below(value, bounds.warningBelow())) {
      return Optional.of(Severity.WARNING);
    }
    return Optional.empty();
  }

  private static boolean above(double value, Double bound) {
    return bound != null && value > bound;
  }

  private static boolean below(double value, Double bound) {
    return bound != null && value < bound;
  }
}
