package dev.iotpipeline.streams.detection;

import dev.iotpipeline.streams.model.Pane;

/**
 * ANOMALY: a reading more than {@code sigma} standard deviations from the sensor's last-hour mean,
 * judged only with at least {@code minReadings} readings behind it. A history with no spread at all
 * (standard deviation 0) judges nothing: there is no scale to measure the deviation against.
 */
public final class AnomalyRule {

  private AnomalyRule() {}

  /** The reading's distance from the mean in standard deviations, or NaN when not judged. */
  public static double deviations(double value, Pane history, int minReadings) {
    if (history == null || history.count() < minReadings) {
      return Double.NaN;
    }
    double stddev = history.stddev();
    if (!(stddev > 0)) {
      return Double.NaN;
    }
    return Math.abs(value - history.mean()) / stddev;
  }

  /** Whether the reading is anomalous; false when it is not judged. */
  public static boolean isAnomalous(double value, Pane history, int minReadings, double sigma) {
    double z = deviations(value, history, minReadings);
    return !Double.isNaN(z) && z > sigma;
  }
}
