package dev.iotpipeline.streams.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A sink's serde whose serializer refuses values above a size with a {@link
 * SerializationException}, so that an oversized result becomes a dead letter before it reaches the
 * producer. Under {@code exactly_once_v2} a record the producer (or broker) refuses as too large
 * leaves the transaction in an abortable state even when the production exception handler answers
 * CONTINUE: the task's next sends and its commit fail and the stream thread dies. A serialization
 * error instead goes to the handler's {@code handleSerializationException} with the producer
 * untouched, and the transaction carries on (decision 0306).
 */
final class SizeLimitedSerde<T> implements Serde<T> {

  private final Serde<T> delegate;
  private final int maxBytes;

  private SizeLimitedSerde(Serde<T> delegate, int maxBytes) {
    this.delegate = delegate;
    this.maxBytes = maxBytes;
  }

  static <T> Serde<T> of(Serde<T> delegate, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException(
          "pipeline.max-output-record-bytes must be positive, not " + maxBytes);
    }
    return new SizeLimitedSerde<>(delegate, maxBytes);
  }

  @Override
  public Serializer<T> serializer() {
    Serializer<T> serializer = delegate.serializer();
    return (topic, value) -> {
      byte[] bytes = serializer.serialize(topic, value);
      if (bytes != null && bytes.length > maxBytes) {
        throw new SerializationException(
            "Record too large to produce: "
                + bytes.length
                + " bytes for "
                + topic
                + ", more than pipeline.max-output-record-bytes="
                + maxBytes);
      }
      return bytes;
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return delegate.deserializer();
  }
}
