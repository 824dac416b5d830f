package dev.iotpipeline.streams.detection;

import java.util.List;

import dev.iotpipeline.streams.model.Pane;

/**
 * The stored panes of one sensor metric, a block (one minute's panes, aligned) per entry: a
 * key-value store in the topology. A block holds the panes {@code block * size} to {@code block *
 * size + size - 1} in that order, {@link Pane#EMPTY} where none.
 */
public interface PaneBlocks {

  /** The block's panes, or null when none of them holds a reading. */
  List<Pane> get(long block);

  void put(long block, List<Pane> panes);

  void delete(long block);
}
