package dev.iotpipeline.streams.model;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The running totals of one sensor metric's last hour: the sum of the panes {@code [newestPane -
 * panesPerHour + 1, newestPane]}, kept so that a reading costs O(1) instead of a re-sum of 240
 * panes, and the panes at both ends of the hour, so that most readings, the 1-minute average and
 * most expiries need no store access (decisions 0311, 0323). The panes between the two ends are in
 * the pane store, a minute's block per entry.
 *
 * @param hour totals over the panes of the last hour
 * @param newestPane index of the newest pane (event time / pane size)
 * @param historyStart event time of the first reading since the hour was last empty
 * @param recent the panes {@code newestPane - k} for k = 0 up to the start of the block that holds
 *     the oldest pane of the newest minute ({@link Pane#EMPTY} where none): the newest minute and
 *     the rest of its oldest block, which goes to the store whole once it has left the minute
 * @param tail the panes {@code oldest + j} from the oldest pane of the hour to the end of its
 *     block, empty when the hour starts at a block's start: the block the hour has begun to leave,
 *     taken out of the store at once
 * @param earlierKeysBefore the panes before this one are in blocks stored under the pane store's
 *     keys before decision 0327 (sensor first), so they are read and deleted under those; {@link
 *     #NO_EARLIER_KEYS} once the hour has left them all (an hour after the upgrade), and for every
 *     hour begun since
 */
@RegisterForReflection
public record BaselineSummary(
    Pane hour,
    long newestPane,
    long historyStart,
    List<Pane> recent,
    List<Pane> tail,
    long earlierKeysBefore) {

  /** No block of the hour is stored under the earlier keys. */
  public static final long NO_EARLIER_KEYS = Long.MIN_VALUE;

  /** An hour whose blocks are all stored under the current keys. */
  public BaselineSummary(
      Pane hour, long newestPane, long historyStart, List<Pane> recent, List<Pane> tail) {
    this(hour, newestPane, historyStart, recent, tail, NO_EARLIER_KEYS);
  }
}
