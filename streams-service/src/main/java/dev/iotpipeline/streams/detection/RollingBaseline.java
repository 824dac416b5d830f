package dev.iotpipeline.streams.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.Pane;

/**
 * The last hour of one sensor metric as 15-second panes (a hopping 1-hour window with a 15 s
 * advance), at O(1) cost per reading: a reading updates one pane and the running hour totals; a
 * pane leaving the hour is subtracted once. The 1-minute average is the sum of the newest 4 panes.
 *
 * <p>The store holds the panes between the hour's two ends a block per entry, a block being one
 * minute's panes, aligned (decision 0323). The summary itself holds the newest minute with the rest
 * of its oldest block ({@link BaselineSummary#recent}) and the rest of the block the hour has begun
 * to leave ({@link BaselineSummary#tail}). So a block is written once, when it has left the newest
 * minute, and read and deleted once, when the hour begins to leave it: two store writes and one
 * read per minute of a series, however often it reports, where a store entry per pane cost two
 * writes and a read per pane. A reading older than the newest minute's blocks and not in the tail
 * (out of order by more than a minute) reads and writes its block.
 */
public final class RollingBaseline {

  private final long paneMs;
  private final int panesPerHour;
  private final int panesPerBlock;

  public RollingBaseline(long paneMs, long hourMs, long minuteMs) {
    if (paneMs <= 0
        || hourMs % paneMs != 0
        || minuteMs % paneMs != 0
        || hourMs % minuteMs != 0
        || hourMs < 3 * minuteMs) {
      throw new IllegalArgumentException(
          "baseline pane size must divide the minute, the minute the hour, and the hour must be"
              + " three minutes or more: pane "
              + paneMs
              + " ms, minute "
              + minuteMs
              + " ms, hour "
              + hourMs
              + " ms");
    }
    this.paneMs = paneMs;
    this.panesPerHour = (int) (hourMs / paneMs);
    this.panesPerBlock = (int) (minuteMs / paneMs);
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

  /** The block (a minute's panes, aligned) that holds the pane. */
  public long blockOf(long pane) {
    return Math.floorDiv(pane, panesPerBlock);
  }

  /**
   * Moves the hour forward to the pane of {@code eventTime}: panes that left the hour are
   * subtracted, blocks that left the newest minute are stored, and the block the hour begins to
   * leave is taken out of the store into the summary. Returns the summary unchanged when the
   * reading is not newer than the newest pane.
   */
  public BaselineSummary advance(BaselineSummary summary, PaneBlocks store, long eventTime) {
    long pane = paneOf(eventTime);
    if (summary == null) {
      return new BaselineSummary(
          Pane.EMPTY, pane, eventTime, empty(recentSize(pane)), empty(tailSize(pane)));
    }
    long newest = summary.newestPane();
    if (pane <= newest) {
      return summary;
    }
    long oldest = oldestPane(newest);
    long newOldest = oldestPane(pane);
    long newFirstRecent = firstRecentPane(pane);
    // The blocks in the store, before and after the move (inclusive ranges).
    long storedFrom = ceilBlock(oldest);
    long storedTo = blockOf(firstRecentPane(newest)) - 1;
    long newStoredFrom = ceilBlock(newOldest);
    long newStoredTo = blockOf(newFirstRecent) - 1;

    // Each pane of the old hour is now in one of four places: out of the hour (subtracted), the
    // new recent panes, a stored block, or the new tail. Only blocks whose place changes are
    // touched:
    // the old tail's, the stored ones the hour leaves, and the old recent ones.
    Pane hour = summary.hour();
    Pane[] recent = filled(recentSize(pane));
    Pane[] tail = filled(tailSize(pane));
    for (long block = blockOf(oldest); block <= blockOf(newest); block++) {
      if (block >= newStoredFrom && block <= storedTo) {
        block = storedTo; // stored, and staying stored: untouched
        continue;
      }
      boolean wasStored = block >= storedFrom && block <= storedTo;
      List<Pane> panes = wasStored ? store.get(block) : held(summary, block);
      if (panes == null) {
        continue;
      }
      if (wasStored) {
        store.delete(block);
      }
      boolean belongsInStore = block >= newStoredFrom && block <= newStoredTo;
      boolean toStore = false;
      long first = block * panesPerBlock;
      for (int i = 0; i < panesPerBlock; i++) {
        Pane p = panes.get(i);
        long index = first + i;
        if (p.count() == 0) {
          continue;
        } else if (index < newOldest) {
          hour = hour.minus(p);
        } else if (index >= newFirstRecent) {
          recent[(int) (pane - index)] = p;
        } else if (belongsInStore) {
          toStore = true;
        } else {
          tail[(int) (index - newOldest)] = p;
        }
      }
      if (toStore) {
        store.put(block, panes);
      }
    }
    long historyStart = hour.count() == 0 ? eventTime : summary.historyStart();
    if (hour.count() == 0) {
      hour = Pane.EMPTY; // drop rounding residue of the subtractions
    }
    return new BaselineSummary(
        hour,
        pane,
        historyStart,
        List.of(recent),
        List.of(tail),
        newOldest >= summary.earlierKeysBefore()
            ? BaselineSummary.NO_EARLIER_KEYS // the hour has left every earlier-keyed block
            : summary.earlierKeysBefore());
  }

  /**
   * Adds a reading to its pane and to the hour totals. A reading older than the hour held (far out
   * of order) is not added; the summary is returned unchanged.
   */
  public BaselineSummary include(
      BaselineSummary summary, PaneBlocks store, long eventTime, double value) {
    BaselineSummary advanced = advance(summary, store, eventTime);
    long pane = paneOf(eventTime);
    long newest = advanced.newestPane();
    long oldest = oldestPane(newest);
    if (pane < oldest) {
      return advanced;
    }
    List<Pane> recent = advanced.recent();
    List<Pane> tail = advanced.tail();
    if (pane >= firstRecentPane(newest)) {
      recent = added(recent, (int) (newest - pane), value);
    } else if (!tail.isEmpty() && blockOf(pane) == blockOf(oldest)) {
      tail = added(tail, (int) (pane - oldest), value);
    } else {
      long block = blockOf(pane);
      List<Pane> stored = store.get(block);
      store.put(
          block,
          added(
              stored == null ? empty(panesPerBlock) : stored,
              (int) (pane - block * panesPerBlock),
              value));
    }
    long historyStart = Math.min(advanced.historyStart(), eventTime);
    return new BaselineSummary(
        advanced.hour().add(value),
        newest,
        historyStart,
        recent,
        tail,
        advanced.earlierKeysBefore());
  }

  /**
   * The first block the pane store holds under its current keys for this hour: the blocks before it
   * were stored under the keys before decision 0327 ({@link BaselineSummary#earlierKeysBefore}).
   * {@link Long#MIN_VALUE} when every block is under the current keys.
   */
  public long firstCurrentKeyBlock(BaselineSummary summary) {
    return summary == null || summary.earlierKeysBefore() == BaselineSummary.NO_EARLIER_KEYS
        ? Long.MIN_VALUE
        : ceilBlock(summary.earlierKeysBefore());
  }

  /** Totals of the newest minute's panes (the current 1-minute window). */
  public Pane lastMinute(BaselineSummary summary) {
    Pane minute = Pane.EMPTY;
    for (int k = 0; k < panesPerBlock; k++) {
      minute = minute.plus(summary.recent().get(k));
    }
    return minute;
  }

  private long oldestPane(long newest) {
    return newest - panesPerHour + 1;
  }

  /** The first pane of the block that holds the oldest pane of the newest minute. */
  private long firstRecentPane(long newest) {
    return blockOf(newest - panesPerBlock + 1) * panesPerBlock;
  }

  private int recentSize(long newest) {
    return (int) (newest - firstRecentPane(newest) + 1);
  }

  private int tailSize(long newest) {
    int into = (int) Math.floorMod(oldestPane(newest), panesPerBlock);
    return into == 0 ? 0 : panesPerBlock - into;
  }

  /** The first block that starts at or after the pane. */
  private long ceilBlock(long pane) {
    return Math.floorDiv(pane + panesPerBlock - 1, panesPerBlock);
  }

  /** The block's panes as the summary holds them (in its recent panes or its tail), or null. */
  private List<Pane> held(BaselineSummary summary, long block) {
    long first = block * panesPerBlock;
    Pane[] panes = filled(panesPerBlock);
    boolean any = false;
    long newest = summary.newestPane();
    for (int k = 0; k < summary.recent().size(); k++) {
      long index = newest - k;
      if (index >= first && index < first + panesPerBlock && summary.recent().get(k).count() > 0) {
        panes[(int) (index - first)] = summary.recent().get(k);
        any = true;
      }
    }
    long oldest = oldestPane(newest);
    for (int j = 0; j < summary.tail().size(); j++) {
      long index = oldest + j;
      if (index >= first && index < first + panesPerBlock && summary.tail().get(j).count() > 0) {
        panes[(int) (index - first)] = summary.tail().get(j);
        any = true;
      }
    }
    return any ? List.of(panes) : null;
  }

  private static List<Pane> added(List<Pane> panes, int position, double value) {
    List<Pane> updated = new ArrayList<>(panes);
    updated.set(position, updated.get(position).add(value));
    return List.copyOf(updated);
  }

  private static Pane[] filled(int size) {
    Pane[] panes = new Pane[size];
    Arrays.fill(panes, Pane.EMPTY);
    return panes;
  }

  private static List<Pane> empty(int size) {
    return List.of(filled(size));
  }
}
