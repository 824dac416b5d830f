package dev.iotpipeline.streams.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.Topics;

/**
 * Writes dead letters to {@code iot-dlq} with a plain idempotent producer on the streams' brokers
 * and security settings. Kafka Streams 4.1's handlers cannot add records to the task's transaction,
 * so a dead letter is written at least once and waited for before the stream moves on: a poison
 * record is never lost, and may appear twice after a crash.
 */
final class KafkaDeadLetterSink implements DeadLetterSink {

  private static final Map<String, KafkaDeadLetterSink> SHARED = new ConcurrentHashMap<>();

  private final KafkaProducer<String, byte[]> producer;

  private KafkaDeadLetterSink(Map<String, Object> producerConfig) {
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  /** One sink per broker list, shared by the handlers of all stream threads. */
  static KafkaDeadLetterSink shared(Map<String, ?> streamsConfig) {
    Map<String, Object> producerConfig = new HashMap<>();
    streamsConfig.forEach(
        (key, value) -> {
          if (key.equals("bootstrap.servers")
              || key.startsWith("security.")
              || key.startsWith("sasl.")
              || key.startsWith("ssl.")) {
            producerConfig.put(key, value);
          }
        });
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "streams-service-dlq");
    String bootstrap = String.valueOf(producerConfig.get("bootstrap.servers"));
    return SHARED.computeIfAbsent(bootstrap, b -> new KafkaDeadLetterSink(producerConfig));
  }

  /** Closes every shared producer (at shutdown). */
  static void closeAll() {
    SHARED.values().forEach(sink -> sink.producer.close());
    SHARED.clear();
  }

  @Override
  public void send(String key, DeadLetter letter) {
    try {
      byte[] value = ContractJson.mapper().writeValueAsBytes(letter);
      producer.send(new ProducerRecord<>(Topics.DLQ, key, value)).get(30, TimeUnit.SECONDS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a dead letter", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not send a dead letter to " + Topics.DLQ, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending a dead letter", e);
    }
  }
}
