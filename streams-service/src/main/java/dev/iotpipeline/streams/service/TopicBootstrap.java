package dev.iotpipeline.streams.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowTopics;
import dev.iotpipeline.streams.config.PipelineConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Creates the pipeline's topics that do not exist yet, at start-up, with their retention and
 * compaction. Idempotent (existing topics are left as they are) and switchable ({@code
 * pipeline.topic-bootstrap.enabled=false} where Terraform or an operator creates them). Kafka
 * Streams waits for its input topics ({@code quarkus.kafka-streams.topics}) meanwhile.
 */
@ApplicationScoped
public class TopicBootstrap {

  private static final long DAY_MS = 86_400_000L;

  /** Topic name to its configs: the table the README documents. */
  static final Map<String, Map<String, String>> TOPICS =
      Map.of(
          Topics.RAW_EVENTS, retention(7 * DAY_MS),
          Topics.DEVICE_PRESENCE, retention(7 * DAY_MS),
          Topics.DEVICE_REGISTRY, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"),
          Topics.LATE_EVENTS, retention(14 * DAY_MS),
          Topics.AGGREGATES_5M, retention(30 * DAY_MS),
          Topics.ALERTS, retention(30 * DAY_MS),
          Topics.DLQ, retention(14 * DAY_MS),
          WindowTopics.COUNTS_BY_REGION, retention(30 * DAY_MS),
          WindowTopics.AGGREGATES_HOPPING, retention(30 * DAY_MS),
          WindowTopics.DEVICE_SESSIONS, retention(30 * DAY_MS));

  @Inject PipelineConfig config;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  void onStart(@Observes StartupEvent event) {
    PipelineConfig.TopicBootstrap bootstrap = config.topicBootstrap();
    if (!bootstrap.enabled()) {
      Log.info("Topic bootstrap disabled (pipeline.topic-bootstrap.enabled=false)");
      return;
    }
    Map<String, Object> adminConfig = new HashMap<>();
    kafkaConfig.forEach(
        (key, value) -> {
          if (key.equals("bootstrap.servers")
              || key.startsWith("security.")
              || key.startsWith("sasl.")
              || key.startsWith("ssl.")) {
            adminConfig.put(key, value);
          }
        });
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      TOPICS.forEach(
          (name, configs) -> {
            if (!existing.contains(name)) {
              missing.add(
                  new NewTopic(name, bootstrap.partitions(), bootstrap.replicationFactor())
                      .configs(configs));
            }
          });
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        Log.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "Topic bootstrap failed (pipeline.topic-bootstrap.*): " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Topic bootstrap: no answer from kafka.bootstrap.servers="
              + adminConfig.get("bootstrap.servers"),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during topic bootstrap", e);
    }
  }

  private static Map<String, String> retention(long ms) {
    return Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(ms));
  }
}
