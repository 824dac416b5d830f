package dev.iotpipeline.ingest.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.iotpipeline.contracts.KafkaSecurityMode;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.ingest.config.IngestConfig;
import dev.iotpipeline.ingest.config.IngestSettings;
import dev.iotpipeline.ingest.model.IngestResult;
import dev.iotpipeline.ingest.model.RawMessage;
import dev.iotpipeline.ingest.service.IngestMetrics;
import dev.iotpipeline.ingest.service.IngestService;
import dev.iotpipeline.ingest.service.IngestTranslator;
import dev.iotpipeline.ingest.service.KafkaRecordPublisher;
import dev.iotpipeline.ingest.service.SchemaValidator;
import dev.iotpipeline.ingest.service.TopicNames;
import dev.iotpipeline.testsupport.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One invocation's latency as the function sees it (translate, send, wait for every
 * acknowledgement) against the embedded broker, with the seed's {@code linger.ms=5}: flushing the
 * records at once against letting them linger.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PublishBenchmark {

  @Param({"true", "false"})
  public boolean flush;

  private Producer<String, byte[]> producer;
  private IngestService service;
  private RawMessage message;

  @Setup(Level.Trial)
  public void setUp() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    kafka.createTopics(1, Topics.RAW_EVENTS, Topics.DEVICE_PRESENCE, Topics.DLQ);
    IngestConfig.ProducerConfig seed =
        new IngestConfig.ProducerConfig() {
          @Override
          public Duration maxBlock() {
            return Duration.ofSeconds(10);
          }

          @Override
          public Duration requestTimeout() {
            return Duration.ofSeconds(5);
          }

          @Override
          public Duration deliveryTimeout() {
            return Duration.ofSeconds(15);
          }

          @Override
          public Duration linger() {
            return Duration.ofMillis(5);
          }

          @Override
          public boolean flush() {
            return flush;
          }

          @Override
          public int batchSize() {
            return 65536;
          }

          @Override
          public String compression() {
            return "lz4";
          }

          @Override
          public Duration closeTimeout() {
            return Duration.ofSeconds(5);
          }
        };
    producer =
        new KafkaProducer<>(
            IngestSettings.producerProperties(
                kafka.bootstrapServers(), KafkaSecurityMode.PLAINTEXT, seed));
    service =
        new IngestService(
            new IngestTranslator(131_072, Duration.ofHours(1), new SchemaValidator()),
            new KafkaRecordPublisher(producer, Duration.ofSeconds(30), flush),
            new IngestMetrics(new SimpleMeterRegistry()),
            TopicNames.contract());
    byte[] payload = IngestBenchmark.sample("valid/flat-json--iso-timestamp.json");
    message =
        new RawMessage(
            payload,
            Protocol.MQTT,
            "dt/smart-meter/m-1/telemetry",
            "m-1",
            null,
            System.currentTimeMillis());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    producer.close(Duration.ofSeconds(5));
  }

  @Benchmark
  public IngestResult invocation() {
    return service.ingest(message);
  }
}
