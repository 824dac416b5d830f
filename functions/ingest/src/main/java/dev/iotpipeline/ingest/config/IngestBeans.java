package dev.iotpipeline.ingest.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.iotpipeline.contracts.KafkaSecurityMode;
import dev.iotpipeline.ingest.function.TriggerDispatcher;
import dev.iotpipeline.ingest.service.EmfMetrics;
import dev.iotpipeline.ingest.service.IngestMetrics;
import dev.iotpipeline.ingest.service.IngestService;
import dev.iotpipeline.ingest.service.IngestTranslator;
import dev.iotpipeline.ingest.service.InvocationMetrics;
import dev.iotpipeline.ingest.service.KafkaRecordPublisher;
import dev.iotpipeline.ingest.service.SchemaValidator;
import dev.iotpipeline.ingest.service.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Wires the plain services. The producer is created once per container, at start-up (the Lambda
 * init phase), never per invocation: MSK IAM accepts few new connections per second.
 */
@ApplicationScoped
public class IngestBeans {

  @Produces
  @Singleton
  Producer<String, byte[]> producer(
      IngestConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "kafka.security.mode", defaultValue = "plaintext")
          String securityMode) {
    IngestSettings.check(config, bootstrapServers);
    KafkaSecurityMode mode = KafkaSecurityMode.fromSetting(securityMode);
    Log.infof("Kafka producer for %s (%s)", bootstrapServers, mode);
    return new KafkaProducer<>(
        IngestSettings.producerProperties(bootstrapServers, mode, config.producer()));
  }

  void closeProducer(@Disposes Producer<String, byte[]> producer, IngestConfig config) {
    producer.close(config.producer().closeTimeout());
  }

  @Produces
  @Singleton
  IngestService ingestService(
      IngestConfig config, Producer<String, byte[]> producer, MeterRegistry registry) {
    IngestConfig.ProducerConfig bounds = config.producer();
    return new IngestService(
        new IngestTranslator(
            config.maxPayloadBytes(), config.maxFutureSkew(), new SchemaValidator()),
        new KafkaRecordPublisher(
            producer,
            bounds.maxBlock().plus(bounds.deliveryTimeout()).plusSeconds(1),
            bounds.flush()),
        new IngestMetrics(registry),
        new TopicNames(
            config.topics().rawEvents(),
            config.topics().devicePresence(),
            config.topics().deadLetters()));
  }

  /**
   * EMF lines at the end of every invocation when {@code ingest.metrics.emf-enabled} (Lambda), else
   * nothing. Only the {@code ingest.*} meters: the JVM binder's meters would be custom metrics
   * nobody alarms on.
   */
  @Produces
  @Singleton
  InvocationMetrics invocationMetrics(IngestConfig config, MeterRegistry registry) {
    if (!config.metrics().emfEnabled()) {
      return InvocationMetrics.none();
    }
    IngestSettings.checkMetrics(config.metrics());
    Log.infof("CloudWatch EMF metrics in namespace %s", config.metrics().namespace());
    return EmfMetrics.toStandardOutput(registry, config.metrics().namespace(), "ingest.")::flush;
  }

  @Produces
  @Singleton
  TriggerDispatcher dispatcher(IngestService service) {
    return new TriggerDispatcher(service);
  }

  /** Builds everything at start-up, so a bad setting stops it with a message naming the setting. */
  void onStart(
      @Observes StartupEvent event, TriggerDispatcher dispatcher, InvocationMetrics metrics) {
    Log.debugf("Ingest ready: %s, %s", dispatcher, metrics);
  }
}
