package dev.iotpipeline.ingest.service;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes records to the broker. */
public interface RecordPublisher {

  /**
   * Sends every record, then waits until the broker acknowledged all of them.
   *
   * @throws PublishException when any record was not acknowledged in time
   */
  void publishAll(List<ProducerRecord<String, byte[]>> records);
}
