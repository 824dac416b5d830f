package dev.iotpipeline.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The ingest function's settings (prefix {@code ingest}); checked at start-up by {@link
 * IngestSettings}.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

  /**
   * Largest accepted payload in bytes; larger ones go to iot-dlq as PAYLOAD_TOO_LARGE. IoT Core's
   * limit.
   */
  @WithDefault("131072")
  int maxPayloadBytes();

  /** How far after the receive time an event time may lie before it is TIMESTAMP_OUT_OF_RANGE. */
  @WithDefault("PT1H")
  Duration maxFutureSkew();

  /** Topic names. */
  TopicsConfig topics();

  /** The Kafka producer's bounds. */
  ProducerConfig producer();

  /** CloudWatch metrics from the Lambda function. */
  MetricsConfig metrics();

  /** Topic names (the contract's by default). */
  interface TopicsConfig {

    /** Canonical readings. */
    @WithDefault("iot-raw-events")
    String rawEvents();

    /** Presence changes. */
    @WithDefault("iot-device-presence")
    String devicePresence();

    /** Dead letters. */
    @WithDefault("iot-dlq")
    String deadLetters();
  }

  /**
   * Producer bounds: an unreachable broker fails an invocation after at most about {@code max-block
   * + delivery-timeout}; keep the Lambda timeout above that.
   */
  interface ProducerConfig {

    /** How long send() may wait for metadata or buffer space ({@code max.block.ms}). */
    @WithDefault("PT10S")
    Duration maxBlock();

    /** How long one produce request may wait for the broker ({@code request.timeout.ms}). */
    @WithDefault("PT5S")
    Duration requestTimeout();

    /** Upper bound from send to acknowledgement, retries included ({@code delivery.timeout.ms}). */
    @WithDefault("PT15S")
    Duration deliveryTimeout();

    /**
     * How long records wait to fill a batch ({@code linger.ms}); with {@code flush} (the default)
     * an invocation's records go out at once instead.
     */
    @WithDefault("PT0.005S")
    Duration linger();

    /**
     * Send an invocation's records at once after handing them to the producer, instead of letting
     * them wait {@code linger} for more: the invocation waits for their acknowledgements anyway.
     */
    @WithDefault("true")
    boolean flush();

    /** Batch size in bytes ({@code batch.size}). */
    @WithDefault("65536")
    int batchSize();

    /** Compression ({@code compression.type}): none, gzip, snappy, lz4 or zstd. */
    @WithDefault("lz4")
    String compression();

    /** How long shutdown waits for unsent records. */
    @WithDefault("PT5S")
    Duration closeTimeout();
  }

  /**
   * CloudWatch metrics: at the end of every invocation the {@code ingest.*} meters' changes are
   * written to standard output in the Embedded Metric Format, which CloudWatch Logs turns into
   * metrics (decision note 0204).
   */
  interface MetricsConfig {

    /**
     * Write EMF lines after every invocation ({@code INGEST_METRICS_EMF_ENABLED=true} in Lambda);
     * off for local runs and tests, where Prometheus serves the meters.
     */
    @WithDefault("false")
    boolean emfEnabled();

    /** The CloudWatch namespace of the metrics ({@code INGEST_METRICS_NAMESPACE}). */
    @WithDefault("IotPipeline")
    String namespace();
  }
}
