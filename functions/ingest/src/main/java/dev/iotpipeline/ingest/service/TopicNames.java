package dev.iotpipeline.ingest.service;

import dev.iotpipeline.contracts.Topics;

/** The topics ingest writes to. */
public record TopicNames(String rawEvents, String devicePresence, String deadLetters) {

  /** The contract's topics. */
  public static TopicNames contract() {
    return new TopicNames(Topics.RAW_EVENTS, Topics.DEVICE_PRESENCE, Topics.DLQ);
  }
}
