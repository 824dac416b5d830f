package dev.iotpipeline.streams.detection;

import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.Pane;

/**
 * The last hour of one sensor metric as 15-second panes (a hopping 1-hour window with a 15 s
 * advance), at O(1) cost per reading: a reading updates one pane and the running hour totals; a
 * pane leaving the hour is subtracted once. The 1-minute average is the sum of the newest 4 panes.
 *
 * <p>Each pane is added once and expired once, so the expiry loop is amortised O(1); a sensor
 * silent for longer than an hour costs at most {@link #panesPerHour()} lookups once.
 */
public final class RollingBaseline {

  private final long paneMs;
  private final int panesPerHour;
  private final int panesPerMinute;

  public RollingBaseline(long paneMs, long hourMs, long minuteMs) {
    if (paneMs <= 0 || hourMs % paneMs != 0 || minuteMs % paneMs != 0 || minuteMs > hourMs) {
      throw new IllegalArgumentException(
          "baseline pane size must divide the hour and the minute: " + paneMs);
    }
    this.paneMs = paneMs;
    this.panesPerHour = (int) (hourMs / paneMs);
    this.panesPerMinute = (int) (minuteMs / paneMs);
  }

  /** 15 s panes, 1-hour baseline, 1-minute current average. */
  public static RollingBaseline standard() {
    return new RollingBaseline(15_000, 3_600_000, 60_000);
  }

  public int panesPerHour() {
    return panesPerHour;
  }

  public long paneOf(long eventTime) {
    return Math.floorDiv(eventTime, paneMs);
  }

  /**
   * Moves the hour forward to the pane of {@code eventTime}, expiring the panes that left it.
   * Returns the summary unchanged when the reading is not newer than the newest pane.
   */
  public BaselineSummary advance(BaselineSummary summary, PaneStore panes, long eventTime) {
    long pane = paneOf(eventTime);
    if (summary == null) {
      return new BaselineSummary(Pane.EMPTY, pane, eventTime);
    }
    if (pane <= summary.newestPane()) {
      return summary;
    }
    long oldestKept = pane - panesPerHour + 1;
    long firstHeld = summary.newestPane() - panesPerHour + 1;
    Pane hour = summary.hour();
    for (long i = firstHeld; i < oldestKept && i <= summary.newestPane(); i++) {
      Pane expired = panes.get(i);
      if (expired != null) {
        hour = hour.minus(expired);
        panes.delete(i);
      }
    }
    long historyStart = hour.count() == 0 ? eventTime : summary.historyStart();
    if (hour.count() == 0) {
      hour = Pane.EMPTY; // drop rounding residue of the subtractions
    }
    return new BaselineSummary(hour, pane, historyStart);
  }

  /**
   * Adds a reading to its pane and to the hour totals. A reading older than the hour held (far out
   * of order) is not added; the summary is returned unchanged.
   */
  public BaselineSummary include(
      BaselineSummary summary, PaneStore panes, long eventTime, double value) {
    BaselineSummary advanced = advance(summary, panes, eventTime);
    long pane = paneOf(eventTime);
    if (pane <= advanced.newestPane() - panesPerHour) {
      return advanced;
    }
    Pane current = panes.get(pane);
    panes.put(pane, (current == null ? Pane.EMPTY : current).add(value));
    long historyStart = Math.min(advanced.historyStart(), eventTime);
    return new BaselineSummary(advanced.hour().add(value), advanced.newestPane(), historyStart);
  }

  /** Totals of the newest minute's panes (the current 1-minute window). */
  public Pane lastMinute(BaselineSummary summary, PaneStore panes) {
    Pane minute = Pane.EMPTY;
    for (long i = summary.newestPane() - panesPerMinute + 1; i <= summary.newestPane(); i++) {
      Pane p = panes.get(i);
      if (p != null) {
        minute = minute.plus(p);
      }
    }
    return minute;
  }
}
