package dev.iotpipeline.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.streams.config.CloudWatchMetricsConfig;
import dev.iotpipeline.testsupport.HttpReceiver;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MockClock;
import io.quarkus.runtime.configuration.ConfigurationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the CloudWatch registry sends: the PutMetricData requests of the real AWS SDK client,
 * received by a local HTTP server and decoded (CloudWatch's rpc-v2 CBOR protocol), compared with
 * the metric names and dimensions the alarms in infra/modules/observability query.
 */
class CloudWatchMetricsTest {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret"));

  private static HttpReceiver cloudWatch;

  @BeforeAll
  static void startReceiver() {
    cloudWatch = HttpReceiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    cloudWatch.close();
  }

  @BeforeEach
  void answerLikeCloudWatch() {
    cloudWatch.reset();
    LocalCloudWatch.answerPutMetricData(cloudWatch);
  }

  @Test
  void countersArePublishedUnderTheMeterNamesTheAlarmsQueryWithTheirTagsAsDimensions()
      throws Exception {
    MockClock clock = new MockClock();
    CloudWatchMeterRegistry registry =
        CloudWatchMetrics.create(config("IotPipeline", "eu-west-1"), clock, CREDENTIALS);
    registry.counter("pipeline.readings.late").increment(3);
    registry.counter("pipeline.dlq.records", "reason", "DESERIALIZATION_FAILED").increment();
    registry
        .counter("pipeline.alerts.raised", "type", "POWER_THEFT", "severity", "CRITICAL")
        .increment(2);

    clock.add(Duration.ofMinutes(1));
    registry.close();

    List<JsonNode> requests = putMetricDataRequests();
    assertThat(requests).isNotEmpty();
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.get("Namespace").asText()).isEqualTo("IotPipeline"));
    Map<String, JsonNode> byName = datumsByName(requests);
    assertThat(byName)
        .containsOnlyKeys(
            "pipeline.readings.late", "pipeline.dlq.records", "pipeline.alerts.raised");
    assertThat(byName.get("pipeline.readings.late").get("Value").asDouble()).isEqualTo(3.0);
    assertThat(dimensions(byName.get("pipeline.readings.late"))).isEmpty();
    assertThat(dimensions(byName.get("pipeline.dlq.records")))
        .containsExactlyEntriesOf(Map.of("reason", "DESERIALIZATION_FAILED"));
    assertThat(byName.get("pipeline.alerts.raised").get("Value").asDouble()).isEqualTo(2.0);
    assertThat(dimensions(byName.get("pipeline.alerts.raised")))
        .containsOnly(Map.entry("type", "POWER_THEFT"), Map.entry("severity", "CRITICAL"));
    assertThat(byName.get("pipeline.alerts.raised").get("Unit").asText()).isEqualTo("Count");
  }

  @Test
  void metersOutsideTheConfiguredPrefixesAreNotPublished() throws Exception {
    MockClock clock = new MockClock();
    CloudWatchMeterRegistry registry =
        CloudWatchMetrics.create(config("IotPipeline", "eu-west-1"), clock, CREDENTIALS);
    registry.counter("kafka.consumer.fetch.manager.records.consumed.total").increment(100);
    registry.counter("pipeline.readings.processed").increment(7);

    clock.add(Duration.ofMinutes(1));
    registry.close();

    assertThat(datumsByName(putMetricDataRequests()))
        .containsOnlyKeys("pipeline.readings.processed");
  }

  @Test
  void timersKeepTheirStatisticSuffixes() throws Exception {
    MockClock clock = new MockClock();
    CloudWatchMeterRegistry registry =
        CloudWatchMetrics.create(config("IotPipeline", "eu-west-1"), clock, CREDENTIALS);
    registry.timer("pipeline.punctuation").record(Duration.ofMillis(40));

    clock.add(Duration.ofMinutes(1));
    registry.close();

    assertThat(datumsByName(putMetricDataRequests()))
        .containsOnlyKeys(
            "pipeline.punctuation.sum",
            "pipeline.punctuation.count",
            "pipeline.punctuation.avg",
            "pipeline.punctuation.max");
  }

  @Test
  void enabledWithoutNamespaceFailsNamingTheKey() {
    assertThatThrownBy(
            () -> CloudWatchMetrics.create(config(null, "eu-west-1"), Clock.SYSTEM, CREDENTIALS))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pipeline.cloudwatch.namespace");
    assertThatThrownBy(
            () -> CloudWatchMetrics.create(config(" ", "eu-west-1"), Clock.SYSTEM, CREDENTIALS))
        .hasMessageContaining("pipeline.cloudwatch.namespace");
  }

  @Test
  void enabledWithoutRegionFailsNamingTheKey() {
    assertThatThrownBy(
            () -> CloudWatchMetrics.create(config("IotPipeline", null), Clock.SYSTEM, CREDENTIALS))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pipeline.cloudwatch.region")
        .hasMessageContaining("AWS_REGION");
  }

  @Test
  void disabledProducesNoRegistry() {
    CloudWatchMetricsConfig off = config("IotPipeline", "eu-west-1", false);

    assertThat(new CloudWatchMetrics(off).cloudWatchMeterRegistry()).isNull();
    assertThat(cloudWatch.requests()).isEmpty();
  }

  private static List<JsonNode> putMetricDataRequests() throws Exception {
    assertThat(cloudWatch.requests())
        .allSatisfy(request -> assertThat(request.getUrl()).endsWith("/operation/PutMetricData"));
    return LocalCloudWatch.requestBodies(cloudWatch);
  }

  private static Map<String, JsonNode> datumsByName(List<JsonNode> requests) {
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode request : requests) {
      for (JsonNode datum : request.get("MetricData")) {
        JsonNode previous = byName.put(datum.get("MetricName").asText(), datum);
        assertThat(previous).as("one datum per metric name").isNull();
      }
    }
    return byName;
  }

  private static Map<String, String> dimensions(JsonNode datum) {
    Map<String, String> dimensions = new HashMap<>();
    JsonNode list = datum.get("Dimensions");
    if (list != null) {
      list.forEach(d -> dimensions.put(d.get("Name").asText(), d.get("Value").asText()));
    }
    return dimensions;
  }

  private static CloudWatchMetricsConfig config(String namespace, String region) {
    return config(namespace, region, true);
  }

  private static CloudWatchMetricsConfig config(String namespace, String region, boolean enabled) {
    URI endpoint = URI.create(cloudWatch.baseUrl());
    return new CloudWatchMetricsConfig() {
      @Override
      public boolean enabled() {
        return enabled;
      }

      @Override
      public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
      }

      @Override
      public Optional<String> region() {
        return Optional.ofNullable(region);
      }

      @Override
      public Duration step() {
        return Duration.ofMinutes(1);
      }

      @Override
      public List<String> meterPrefixes() {
        return List.of("pipeline.");
      }

      @Override
      public Optional<URI> endpointOverride() {
        return Optional.of(endpoint);
      }
    };
  }
}
