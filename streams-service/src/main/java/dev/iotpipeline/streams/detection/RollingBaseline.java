package dev.iotpipeline.streams.detection;

import java.util.Arrays;
import java.util.List;

import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.Pane;

/**
 * The last hour of one sensor metric as 15-second panes (a hopping 1-hour window with a 15 s
 * advance), at O(1) cost per reading: a reading updates one pane and the running hour totals; a
 * pane leaving the hour is subtracted once. The 1-minute average is the sum of the newest 4 panes.
 *
 * <p>Each pane is added once and expired once, so the expiry loop is amortised O(1); a sensor
 * silent for longer than an hour costs at most {@link #panesPerHour()} lookups once. The newest
 * minute's panes live in the summary itself: a reading in the newest minute touches no pane in the
 * store; a pane is written to the store once, when it leaves the newest minute, and read and
 * deleted once, when it leaves the hour.
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
   * Moves the hour forward to the pane of {@code eventTime}, expiring the panes that left it. Panes
   * pushed out of the newest minute move to the pane store while they are still in the hour.
   * Returns the summary unchanged when the reading is not newer than the newest pane.
   */
  public BaselineSummary advance(BaselineSummary summary, PaneStore panes, long eventTime) {
    long pane = paneOf(eventTime);
    if (summary == null) {
      return new BaselineSummary(Pane.EMPTY, pane, eventTime, emptyMinute());
    }
    List<Pane> recent = recentPanes(summary, panes, true);
    long newest = summary.newestPane();
    if (pane <= newest) {
      return recent == summary.recent()
          ? summary
          : new BaselineSummary(summary.hour(), newest, summary.historyStart(), recent);
    }
    long oldestKept = pane - panesPerHour + 1;
    Pane hour = summary.hour();
    // Stored panes (older than the newest minute) that leave the hour.
    for (long i = newest - panesPerHour + 1; i < oldestKept && i <= newest - panesPerMinute; i++) {
      Pane expired = panes.get(i);
      if (expired != null) {
        hour = hour.minus(expired);
        panes.delete(i);
      }
    }
    // The newest minute shifts: what leaves it is stored if still in the hour, else expired.
    Pane[] shifted = new Pane[panesPerMinute];
    Arrays.fill(shifted, Pane.EMPTY);
    for (int k = 0; k < panesPerMinute; k++) {
      long index = newest - k;
      Pane p = recent.get(k);
      long position = pane - index;
      if (position < panesPerMinute) {
        shifted[(int) position] = p;
      } else if (p.count() > 0) {
        if (index >= oldestKept) {
          panes.put(index, p);
        } else {
          hour = hour.minus(p);
        }
      }
    }
    long historyStart = hour.count() == 0 ? eventTime : summary.historyStart();
    if (hour.count() == 0) {
      hour = Pane.EMPTY; // drop rounding residue of the subtractions
    }
    return new BaselineSummary(hour, pane, historyStart, List.of(shifted));
  }

  /**
   * Adds a reading to its pane and to the hour totals. A reading older than the hour held (far out
   * of order) is not added; the summary is returned unchanged.
   */
  public BaselineSummary include(
      BaselineSummary summary, PaneStore panes, long eventTime, double value) {
    BaselineSummary advanced = advance(summary, panes, eventTime);
    long pane = paneOf(eventTime);
    long newest = advanced.newestPane();
    if (pane <= newest - panesPerHour) {
      return advanced;
    }
    List<Pane> recent = advanced.recent();
    long position = newest - pane;
    if (position < panesPerMinute) {
      Pane[] updated = recent.toArray(new Pane[0]);
      updated[(int) position] = updated[(int) position].add(value);
      recent = List.of(updated);
    } else {
      Pane current = panes.get(pane);
      panes.put(pane, (current == null ? Pane.EMPTY : current).add(value));
    }
    long historyStart = Math.min(advanced.historyStart(), eventTime);
    return new BaselineSummary(advanced.hour().add(value), newest, historyStart, recent);
  }

  /** Totals of the newest minute's panes (the current 1-minute window). */
  public Pane lastMinute(BaselineSummary summary, PaneStore panes) {
    Pane minute = Pane.EMPTY;
    for (Pane p : recentPanes(summary, panes, false)) {
      minute = minute.plus(p);
    }
    return minute;
  }

  private List<Pane> emptyMinute() {
    Pane[] empty = new Pane[panesPerMinute];
    Arrays.fill(empty, Pane.EMPTY);
    return List.of(empty);
  }

  /**
   * The summary's newest-minute panes. A summary of the earlier layout (all panes in the store)
   * reads them from the store, and with {@code move} deletes them there: the summary returned by
   * {@link #advance} then holds them, so that no pane is counted in both places.
   */
  private List<Pane> recentPanes(BaselineSummary summary, PaneStore panes, boolean move) {
    if (summary.recent() != null && summary.recent().size() == panesPerMinute) {
      return summary.recent();
    }
    Pane[] loaded = new Pane[panesPerMinute];
    for (int k = 0; k < panesPerMinute; k++) {
      long index = summary.newestPane() - k;
      Pane p = panes.get(index);
      loaded[k] = p == null ? Pane.EMPTY : p;
      if (p != null && move) {
        panes.delete(index);
      }
    }
    return List.of(loaded);
  }
}
