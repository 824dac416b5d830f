package dev.iotpipeline.streams.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DevicePresence;

/**
 * Event time from the record itself rather than the producer's timestamp, so that a producer that
 * forgot to set it cannot move windows. Anything else keeps the record timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object value = record.value();
    if (value instanceof CanonicalReading reading && reading.eventTime() >= 0) {
      return reading.eventTime();
    }
    if (value instanceof DevicePresence presence && presence.eventTime() >= 0) {
      return presence.eventTime();
    }
    return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
  }
}
