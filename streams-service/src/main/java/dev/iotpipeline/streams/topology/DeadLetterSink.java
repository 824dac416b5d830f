package dev.iotpipeline.streams.topology;

import dev.iotpipeline.contracts.DeadLetter;

/** Where the exception handlers put poison records. */
public interface DeadLetterSink {

  /**
   * The streams config key under which a test may hand the handlers a sink instance; without it
   * they write to {@code iot-dlq} on the streams' own brokers.
   */
  String CONFIG_KEY = "pipeline.dead-letter.sink";

  void send(String key, DeadLetter letter);
}
