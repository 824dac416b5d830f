package dev.iotpipeline.streams.metrics;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import dev.iotpipeline.streams.config.CloudWatchMetricsConfig;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/**
 * The CloudWatch meter registry, when {@code pipeline.cloudwatch.enabled}: Quarkus adds every
 * produced {@code MeterRegistry} to its global composite, so the counters the topology registers
 * ({@code pipeline.readings.late}, {@code pipeline.dlq.records{reason}}, {@code
 * pipeline.alerts.raised{type,severity}}, ...) reach CloudWatch under exactly those names, with
 * their tags as dimensions. Credentials come from the default chain (the ECS task role).
 */
@ApplicationScoped
public class CloudWatchMetrics {

  private final CloudWatchMetricsConfig config;
  private CloudWatchMeterRegistry registry;

  @Inject
  public CloudWatchMetrics(CloudWatchMetricsConfig config) {
    this.config = config;
  }

  /** The registry, or no registry (null, which Quarkus skips) when publishing is off. */
  @Produces
  @Dependent
  @Unremovable
  CloudWatchMeterRegistry cloudWatchMeterRegistry() {
    if (!config.enabled()) {
      Log.info("CloudWatch metrics off (pipeline.cloudwatch.enabled=false)");
      return null;
    }
    registry = create(config, Clock.SYSTEM, DefaultCredentialsProvider.builder().build());
    Log.infof(
        "CloudWatch metrics: namespace %s, region %s, every %s, meters %s",
        config.namespace().orElseThrow(),
        config.region().orElseThrow(),
        config.step(),
        config.meterPrefixes());
    return registry;
  }

  /** Publishes the last, partial step before the service stops. */
  void onStop(@Observes ShutdownEvent event) {
    if (registry != null) {
      registry.close();
    }
  }

  /**
   * A started registry for these settings.
   *
   * @throws ConfigurationException naming the key when a required setting is missing
   */
  public static CloudWatchMeterRegistry create(
      CloudWatchMetricsConfig config, Clock clock, AwsCredentialsProvider credentials) {
    String namespace =
        config
            .namespace()
            .filter(n -> !n.isBlank())
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "pipeline.cloudwatch.namespace must be set when"
                            + " pipeline.cloudwatch.enabled=true (environment"
                            + " PIPELINE_CLOUDWATCH_NAMESPACE or"
                            + " QUARKUS_MICROMETER_EXPORT_CLOUDWATCH_NAMESPACE)"));
    String region =
        config
            .region()
            .filter(r -> !r.isBlank())
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "pipeline.cloudwatch.region must be set when"
                            + " pipeline.cloudwatch.enabled=true (environment AWS_REGION or"
                            + " PIPELINE_CLOUDWATCH_REGION)"));
    Duration step = config.step();
    if (step.isNegative() || step.isZero()) {
      throw new ConfigurationException("pipeline.cloudwatch.step must be positive, not " + step);
    }
    CloudWatchClientBuilder client =
        CloudWatchClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    config.endpointOverride().ifPresent(client::endpointOverride);

    CloudWatchConfig settings =
        new CloudWatchConfig() {
          @Override
          public String get(String key) {
            return null;
          }

          @Override
          public String namespace() {
            return namespace;
          }

          @Override
          public Duration step() {
            return step;
          }
        };
    CloudWatchMeterRegistry created =
        new CloudWatchMeterRegistry(
            settings, clock, new BlockingCloudWatchAsyncClient(client.build()));
    created.config().namingConvention(new CounterNamesAsMeterNames());
    List<String> prefixes = config.meterPrefixes();
    created
        .config()
        .meterFilter(
            MeterFilter.denyUnless(id -> prefixes.stream().anyMatch(id.getName()::startsWith)));
    return created;
  }
}
