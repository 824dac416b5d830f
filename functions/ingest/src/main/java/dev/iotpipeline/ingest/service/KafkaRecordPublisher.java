package dev.iotpipeline.ingest.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes with one long-lived producer: all records of a message are sent first (so they share
 * batches), then every acknowledgement is awaited. The wait is bounded by the producer's own {@code
 * max.block.ms} and {@code delivery.timeout.ms}, plus {@code ackWait} as a safety net.
 */
public final class KafkaRecordPublisher implements RecordPublisher {

  private final Producer<String, byte[]> producer;
  private final Duration ackWait;
  private final boolean flush;

  /**
   * A publisher that sends each call's records at once (flush), whatever {@code linger.ms} says.
   */
  public KafkaRecordPublisher(Producer<String, byte[]> producer, Duration ackWait) {
    this(producer, ackWait, true);
  }

  /**
   * A publisher.
   *
   * @param ackWait how long to wait for all acknowledgements of one call
   * @param flush whether to send the call's records at once ({@link Producer#flush}) rather than
   *     after {@code linger.ms}: the caller waits for the acknowledgements anyway, so lingering
   *     only adds its time to every invocation (README "Publishing")
   */
  public KafkaRecordPublisher(Producer<String, byte[]> producer, Duration ackWait, boolean flush) {
    this.producer = producer;
    this.ackWait = ackWait;
    this.flush = flush;
  }

  @Override
  public void publishAll(List<ProducerRecord<String, byte[]>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    try {
      for (ProducerRecord<String, byte[]> record : records) {
        acks.add(producer.send(record));
      }
    } catch (KafkaException e) {
      throw new PublishException(
          "The broker did not take a record for " + records.get(acks.size()).topic(), e);
    }
    long deadline = System.nanoTime() + ackWait.toNanos();
    if (flush) {
      // Returns when every record sent so far is acknowledged or failed; each one is bounded by
      // delivery.timeout.ms, so this wait is bounded too. The futures below then report the
      // outcome.
      try {
        producer.flush();
      } catch (KafkaException e) {
        throw new PublishException("The broker did not take the records: " + e, e);
      }
    }
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new PublishException(
            "The broker did not acknowledge a record for "
                + records.get(i).topic()
                + ": "
                + e.getCause(),
            e.getCause());
      } catch (TimeoutException e) {
        throw new PublishException(
            "No acknowledgement for " + records.get(i).topic() + " within " + ackWait, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException("Interrupted while waiting for the broker", e);
      }
    }
  }
}
