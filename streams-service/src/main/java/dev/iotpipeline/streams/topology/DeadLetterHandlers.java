package dev.iotpipeline.streams.topology;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import dev.iotpipeline.contracts.DeadLetterReason;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Exception handlers that turn a poison record into a dead letter on {@code iot-dlq} and let the
 * stream thread continue, instead of killing it. Configured with {@code
 * kafka-streams.deserialization.exception.handler} etc.
 */
public final class DeadLetterHandlers {

  private DeadLetterHandlers() {}

  /** Unreadable bytes on an input topic: DESERIALIZATION_ERROR. */
  @RegisterForReflection
  public static final class Deserialization implements DeserializationExceptionHandler {
    private DeadLetterSink sink;

    @Override
    public void configure(Map<String, ?> configs) {
      sink = DeadLetters.sink(configs);
    }

    @Override
    public DeserializationHandlerResponse handle(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      Log.warnf(
          "Dead letter from %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), exception.getMessage());
      DeadLetters.send(
          sink,
          DeadLetterReason.DESERIALIZATION_ERROR,
          context,
          record.topic(),
          record.key(),
          record.value(),
          exception);
      return DeserializationHandlerResponse.CONTINUE;
    }
  }

  /** A record whose processing threw: PROCESSING_ERROR. */
  @RegisterForReflection
  public static final class Processing implements ProcessingExceptionHandler {
    private DeadLetterSink sink;

    @Override
    public void configure(Map<String, ?> configs) {
      sink = DeadLetters.sink(configs);
    }

    @Override
    public ProcessingHandlerResponse handle(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      Log.warnf(
          "Dead letter from processor %s: %s", context.processorNodeId(), exception.getMessage());
      DeadLetters.send(
          sink,
          DeadLetterReason.PROCESSING_ERROR,
          context,
          context.topic(),
          context.sourceRawKey(),
          context.sourceRawValue(),
          exception);
      return ProcessingHandlerResponse.CONTINUE;
    }
  }

  /** A result the producer could not write: PRODUCTION_ERROR (retriable errors are retried). */
  @RegisterForReflection
  public static final class Production implements ProductionExceptionHandler {
    private DeadLetterSink sink;

    @Override
    public void configure(Map<String, ?> configs) {
      sink = DeadLetters.sink(configs);
    }

    @Override
    public ProductionExceptionHandlerResponse handle(
        ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
      if (exception instanceof RetriableException) {
        return ProductionExceptionHandlerResponse.RETRY;
      }
      Log.warnf("Dead letter for %s: %s", record.topic(), exception.getMessage());
      DeadLetters.send(
          sink,
          DeadLetterReason.PRODUCTION_ERROR,
          context,
          record.topic(),
          record.key(),
          record.value(),
          exception);
      return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(
        ErrorHandlerContext context,
        ProducerRecord record,
        Exception exception,
        SerializationExceptionOrigin origin) {
      Log.warnf(
          "Dead letter for %s (%s not serializable): %s",
          record.topic(), origin, exception.getMessage());
      DeadLetters.send(
          sink,
          DeadLetterReason.PRODUCTION_ERROR,
          context,
          record.topic(),
          context.sourceRawKey(),
          context.sourceRawValue(),
          exception);
      return ProductionExceptionHandlerResponse.CONTINUE;
    }
  }
}
