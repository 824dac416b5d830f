package dev.iotpipeline.streams.detection;

import dev.iotpipeline.streams.model.Pane;

/**
 * POWER_THEFT: a connected smart meter whose 1-minute average falls below {@code ratio} x its
 * 1-hour baseline. The baseline is the hour before the current minute (so the drop does not dilute
 * it) and needs {@code minHistoryMs} of history. A ratio exactly at the limit is not theft.
 */
public final class PowerTheftRule {

  /** What the rule says of one moment. */
  public enum Verdict {
    /** Not enough history, no baseline, or the meter is disconnected: no judgement. */
    UNKNOWN,
    NORMAL,
    THEFT
  }

  private PowerTheftRule() {}

  public static Verdict evaluate(
      Pane lastMinute,
      Pane baseline,
      long historyMs,
      boolean connected,
      double ratio,
      long minHistoryMs) {
    if (!connected || historyMs < minHistoryMs || lastMinute.count() == 0) {
      return Verdict.UNKNOWN;
    }
    if (baseline.count() == 0 || !(baseline.mean() > 0)) {
      return Verdict.UNKNOWN;
    }
    return lastMinute.mean() < ratio * baseline.mean() ? Verdict.THEFT : Verdict.NORMAL;
  }
}
