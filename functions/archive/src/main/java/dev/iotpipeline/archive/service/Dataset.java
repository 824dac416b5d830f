package dev.iotpipeline.archive.service;

import java.util.Optional;

import dev.iotpipeline.contracts.Topics;

/** The archive's top-level folders: one per archived topic, plus one for what could not be read. */
public enum Dataset {
  /** Canonical readings of {@link Topics#RAW_EVENTS}. */
  RAW("raw", Topics.RAW_EVENTS),
  /** Alerts of {@link Topics#ALERTS}. */
  ALERTS("alerts", Topics.ALERTS),
  /**
   * Records whose value is not a contract record with an event time (or that come from a topic this
   * function does not know), kept whole with their Kafka coordinates and partitioned by record
   * timestamp, so that nothing is lost.
   */
  UNPARSED("unparsed", null);

  private final String prefix;
  private final String topic;

  Dataset(String prefix, String topic) {
    this.prefix = prefix;
    this.topic = topic;
  }

  /** The key prefix, without slash. */
  public String prefix() {
    return prefix;
  }

  /** The dataset a topic's records belong to, when they can be read. */
  public static Optional<Dataset> ofTopic(String topic) {
    for (Dataset dataset : values()) {
      if (dataset.topic != null && dataset.topic.equals(topic)) {
        return Optional.of(dataset);
      }
    }
    return Optional.empty();
  }
}
