package dev.iotpipeline.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;

import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;
import io.micrometer.core.instrument.Metrics;

/** What the three exception handlers share: building the dead letter, counting, sending. */
final class DeadLetters {

  private static final int MAX_DETAIL = 2000;

  private DeadLetters() {}

  static DeadLetterSink sink(Map<String, ?> configs) {
    Object given = configs.get(DeadLetterSink.CONFIG_KEY);
    if (given instanceof DeadLetterSink sink) {
      return sink;
    }
    return KafkaDeadLetterSink.shared(configs);
  }

  static void send(
      DeadLetterSink sink,
      DeadLetterReason reason,
      ErrorHandlerContext context,
      String topic,
      byte[] key,
      byte[] value,
      Exception exception) {
    String sensorId = key == null ? null : new String(key, StandardCharsets.UTF_8);
    String detail =
        String.format(
            "%s at %s (%s-%d@%d): %s",
            reason,
            context == null ? "?" : context.processorNodeId(),
            topic,
            context == null ? -1 : context.partition(),
            context == null ? -1 : context.offset(),
            exception);
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL);
    }
    byte[] payload = value == null ? new byte[0] : value;
    DeadLetter letter =
        new DeadLetter(
            reason,
            detail,
            DeadLetter.STAGE_STREAMS,
            new Source(Protocol.UNKNOWN, null, topic, null, null),
            sensorId,
            System.currentTimeMillis(),
            Base64.getEncoder().encodeToString(payload),
            payload.length);
    sink.send(sensorId, letter);
    Metrics.globalRegistry.counter("pipeline.dlq.records", "reason", reason.name()).increment();
  }
}
