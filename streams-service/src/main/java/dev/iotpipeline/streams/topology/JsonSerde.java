package dev.iotpipeline.streams.topology;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.iotpipeline.contracts.ContractJson;

/**
 * JSON of a record class with the contract's mapper. Unreadable bytes throw {@link
 * SerializationException}, which the deserialization handler turns into a dead letter.
 */
public final class JsonSerde<T> implements Serde<T> {

  private static final ObjectMapper MAPPER = ContractJson.mapper();

  private final Class<T> type;

  // Resolved once: MAPPER.readValue(bytes, type) looks the type and its deserializer up again on
  // every call (2-3 % of the stream threads' time, the input being read once per reading).
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonSerde(Class<T> type) {
    this.type = type;
    this.reader = MAPPER.readerFor(type);
    this.writer = MAPPER.writerFor(type);
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return writer.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException(
            "Could not write " + type.getSimpleName() + " for " + topic, e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return reader.readValue(bytes);
      } catch (IOException e) {
        throw new SerializationException(
            "Not a " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
