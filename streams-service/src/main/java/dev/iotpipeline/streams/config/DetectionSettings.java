package dev.iotpipeline.streams.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The detection numbers that can change while the service runs (GET/PUT /api/settings). Window
 * size, grace and threshold bounds are not here: they need a restart.
 *
 * @param anomalySigma standard deviations from the last-hour mean that make a reading anomalous
 * @param anomalyMinReadings readings the last hour must hold before a reading is judged
 * @param theftRatio the 1-minute average below this fraction of the baseline is theft
 * @param theftMinHistoryMs history the baseline needs before theft is judged, ms
 * @param silenceAfterMs wall-clock silence of a connected device that raises SILENCE, ms
 * @param holdTimeMs how long a condition must stay clear before its alert is RESOLVED, ms
 */
@RegisterForReflection
public record DetectionSettings(
    double anomalySigma,
    int anomalyMinReadings,
    double theftRatio,
    long theftMinHistoryMs,
    long silenceAfterMs,
    long holdTimeMs) {

  /** The settings of the typed configuration. */
  public static DetectionSettings from(PipelineConfig.Detection detection) {
    return new DetectionSettings(
        detection.anomalySigma(),
        detection.anomalyMinReadings(),
        detection.theftRatio(),
        detection.theftMinHistory().toMillis(),
        detection.silenceAfter().toMillis(),
        detection.holdTime().toMillis());
  }

  /**
   * Checks the values.
   *
   * @return the first problem, naming the setting, or null when all are valid
   */
  public String problem() {
    if (!(anomalySigma > 0) || Double.isInfinite(anomalySigma)) {
      return "anomalySigma must be a positive number, not " + anomalySigma;
    }
    if (anomalyMinReadings < 2) {
      return "anomalyMinReadings must be at least 2, not " + anomalyMinReadings;
    }
    if (!(theftRatio > 0 && theftRatio < 1)) {
      return "theftRatio must be between 0 and 1 (exclusive), not " + theftRatio;
    }
    if (theftMinHistoryMs < 0 || theftMinHistoryMs > 3_600_000L) {
      return "theftMinHistoryMs must be between 0 and 3600000 (the baseline holds one hour), not "
          + theftMinHistoryMs;
    }
    if (silenceAfterMs <= 0) {
      return "silenceAfterMs must be positive, not " + silenceAfterMs;
    }
    if (holdTimeMs < 0) {
      return "holdTimeMs must not be negative, not " + holdTimeMs;
    }
    return null;
  }
}
