package dev.iotpipeline.streams.windows;

/**
 * Epoch-aligned hopping windows {@code [start, start + size)}, a new one every {@code advance},
 * built from closed tumbling windows ("panes") of {@code paneMs} instead of from readings.
 *
 * <p>When size and advance are both multiples of the pane, every hopping window is exactly the
 * union of {@code size / paneMs} consecutive panes, and its end is a pane's end: it is complete as
 * soon as that pane has closed. The hopping aggregates then cost nothing per reading (a reading
 * updates its pane only); each closed pane is added to the {@code size / advance} windows that hold
 * it.
 */
public record HoppingWindows(long paneMs, long sizeMs, long advanceMs) {

  public HoppingWindows {
    if (paneMs <= 0) {
      throw new IllegalArgumentException("pipeline.windows.size must be positive, not " + paneMs);
    }
    requireMultiple(sizeMs, paneMs, "pipeline.outputs.hopping-aggregates.size");
    requireMultiple(advanceMs, paneMs, "pipeline.outputs.hopping-aggregates.advance");
    if (advanceMs > sizeMs) {
      throw new IllegalArgumentException(
          "pipeline.outputs.hopping-aggregates.advance ("
              + advanceMs
              + " ms) must not exceed pipeline.outputs.hopping-aggregates.size ("
              + sizeMs
              + " ms)");
    }
  }

  /** Start of the first (earliest) hopping window holding the pane that starts at paneStart. */
  public long firstStartHolding(long paneStart) {
    // The window must start at or before the pane and end at or after the pane's end.
    long earliest = paneStart + paneMs - sizeMs;
    return Math.floorDiv(earliest + advanceMs - 1, advanceMs) * advanceMs;
  }

  /** Start of the last (latest) hopping window holding the pane that starts at paneStart. */
  public long lastStartHolding(long paneStart) {
    return Math.floorDiv(paneStart, advanceMs) * advanceMs;
  }

  /** The latest start of a hopping window that is complete once the pane at paneStart closed. */
  public long lastCompleteStart(long closedPaneStart) {
    return closedPaneStart + paneMs - sizeMs;
  }

  private static void requireMultiple(long value, long paneMs, String key) {
    if (value <= 0 || value % paneMs != 0) {
      throw new IllegalArgumentException(
          key
              + " ("
              + value
              + " ms) must be a positive multiple of pipeline.windows.size ("
              + paneMs
              + " ms): hopping windows are built from the closed tumbling windows");
    }
  }
}
