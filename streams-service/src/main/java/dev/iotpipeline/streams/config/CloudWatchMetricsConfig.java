package dev.iotpipeline.streams.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Publishing the service's meters to CloudWatch, where the alarms of {@code infra/} query them
 * (Metrics Insights on the namespace). Off by default (local runs and tests); on in ECS. Decision
 * 0304.
 */
@ConfigMapping(prefix = "pipeline.cloudwatch")
public interface CloudWatchMetricsConfig {

  /** Whether the meters are sent to CloudWatch ({@code PIPELINE_CLOUDWATCH_ENABLED}). */
  @WithDefault("false")
  boolean enabled();

  /**
   * The CloudWatch namespace, e.g. {@code IotPipeline}; required when enabled. Defaults to the
   * environment variable {@code QUARKUS_MICROMETER_EXPORT_CLOUDWATCH_NAMESPACE} that infra/ sets.
   */
  Optional<String> namespace();

  /** The AWS region to publish in; required when enabled. Defaults to {@code AWS_REGION}. */
  Optional<String> region();

  /**
   * How often the meters are published; each publication carries what changed during the step
   * (counters as deltas). One minute matches the alarms' resolution and standard-resolution cost.
   */
  @WithDefault("1m")
  Duration step();

  /**
   * Only meters whose name starts with one of these are published: CloudWatch bills per metric and
   * dimension set, and the Kafka client binders alone register hundreds.
   */
  @WithDefault("pipeline.")
  List<String> meterPrefixes();

  /** Another CloudWatch endpoint than the region's (tests, LocalStack, a VPC endpoint by URL). */
  Optional<URI> endpointOverride();
}
