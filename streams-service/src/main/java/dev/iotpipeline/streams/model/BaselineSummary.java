package dev.iotpipeline.streams.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The running totals of one sensor metric's last hour: the sum of the panes {@code [newestPane -
 * panesPerHour + 1, newestPane]}, kept so that a reading costs O(1) instead of a re-sum of 240
 * panes.
 *
 * @param hour totals over the panes of the last hour
 * @param newestPane index of the newest pane (event time / pane size)
 * @param historyStart event time of the first reading since the hour was last empty
 */
@RegisterForReflection
public record BaselineSummary(Pane hour, long newestPane, long historyStart) {}
