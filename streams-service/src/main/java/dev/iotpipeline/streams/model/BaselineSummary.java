package dev.iotpipeline.streams.model;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The running totals of one sensor metric's last hour: the sum of the panes {@code [newestPane -
 * panesPerHour + 1, newestPane]}, kept so that a reading costs O(1) instead of a re-sum of 240
 * panes, and the newest minute's panes themselves, so that the reading's own pane and the 1-minute
 * average need no store access (decision 0311).
 *
 * @param hour totals over the panes of the last hour
 * @param newestPane index of the newest pane (event time / pane size)
 * @param historyStart event time of the first reading since the hour was last empty
 * @param recent the panes {@code newestPane - k} for k = 0 .. panesPerMinute - 1 ({@link
 *     Pane#EMPTY} where none), or null in a summary written before they were kept here (its panes
 *     are then all in the pane store)
 */
@RegisterForReflection
public record BaselineSummary(Pane hour, long newestPane, long historyStart, List<Pane> recent) {}
