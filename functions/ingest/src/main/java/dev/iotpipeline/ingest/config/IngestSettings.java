package dev.iotpipeline.ingest.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.iotpipeline.contracts.KafkaSecurityMode;

/** Checks the settings and turns them into Kafka producer properties. */
public final class IngestSettings {

  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

  private IngestSettings() {}

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming every wrong setting
   */
  public static void check(IngestConfig config, String bootstrapServers) {
    List<String> problems = new ArrayList<>();
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      problems.add(
          "kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) must name at least one broker");
    }
    if (config.maxPayloadBytes() <= 0) {
      problems.add("ingest.max-payload-bytes must be positive, not " + config.maxPayloadBytes());
    }
    if (config.maxFutureSkew().isNegative()) {
      problems.add("ingest.max-future-skew must not be negative, not " + config.maxFutureSkew());
    }
    IngestConfig.ProducerConfig producer = config.producer();
    positive(problems, "ingest.producer.max-block", producer.maxBlock());
    positive(problems, "ingest.producer.request-timeout", producer.requestTimeout());
    positive(problems, "ingest.producer.delivery-timeout", producer.deliveryTimeout());
    positive(problems, "ingest.producer.close-timeout", producer.closeTimeout());
    if (producer.linger().isNegative()) {
      problems.add("ingest.producer.linger must not be negative, not " + producer.linger());
    }
    if (producer.deliveryTimeout().compareTo(producer.requestTimeout().plus(producer.linger()))
        < 0) {
      problems.add(
          "ingest.producer.delivery-timeout ("
              + producer.deliveryTimeout()
              + ") must be at least ingest.producer.request-timeout + ingest.producer.linger");
    }
    if (producer.batchSize() <= 0) {
      problems.add("ingest.producer.batch-size must be positive, not " + producer.batchSize());
    }
    if (!COMPRESSIONS.contains(producer.compression())) {
      problems.add(
          "ingest.producer.compression must be one of "
              + COMPRESSIONS
              + ", not '"
              + producer.compression()
              + "'");
    }
    for (String topic :
        List.of(
            config.topics().rawEvents(),
            config.topics().devicePresence(),
            config.topics().deadLetters())) {
      if (topic.isBlank()) {
        problems.add("ingest.topics.* must not be blank");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid ingest settings: " + String.join("; ", problems));
    }
  }

  /**
   * Checks the metrics settings (only when EMF is on).
   *
   * @throws IllegalArgumentException naming the wrong setting
   */
  public static void checkMetrics(IngestConfig.MetricsConfig metrics) {
    String namespace = metrics.namespace();
    if (namespace.isBlank() || namespace.length() > 255 || namespace.startsWith("AWS/")) {
      throw new IllegalArgumentException(
          "ingest.metrics.namespace (INGEST_METRICS_NAMESPACE) must be 1-255 characters and not"
              + " start with 'AWS/', not '"
              + namespace
              + "'");
    }
  }

  private static void positive(List<String> problems, String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      problems.add(key + " must be positive, not " + value);
    }
  }

  /** The producer's properties: the seed's durability and batching settings, bounded timeouts. */
  public static Map<String, Object> producerProperties(
      String bootstrapServers,
      KafkaSecurityMode securityMode,
      IngestConfig.ProducerConfig producer) {
    Map<String, Object> props = new HashMap<>(securityMode.clientProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, producer.batchSize());
    props.put(ProducerConfig.LINGER_MS_CONFIG, (int) producer.linger().toMillis());
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, producer.compression());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, producer.maxBlock().toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) producer.requestTimeout().toMillis());
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) producer.deliveryTimeout().toMillis());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
