package dev.iotpipeline.streams.detection;

import dev.iotpipeline.streams.model.Pane;

/** The panes of one sensor metric, by pane index (a key-value store in the topology). */
public interface PaneStore {

  /** The pane, or null when it holds no reading. */
  Pane get(long paneIndex);

  void put(long paneIndex, Pane pane);

  void delete(long paneIndex);
}
