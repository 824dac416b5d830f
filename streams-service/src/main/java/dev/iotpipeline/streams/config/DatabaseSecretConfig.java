package dev.iotpipeline.streams.config;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Where the database password lives in AWS: the RDS-managed Secrets Manager secret, read by {@code
 * DatabaseSecretCredentials} for every new connection so that a rotated password is picked up
 * without a restart. Used only with {@code quarkus.datasource.credentials-provider=database-secret}
 * (infra/ sets both); local runs and tests use {@code quarkus.datasource.username/password}.
 */
@ConfigMapping(prefix = "pipeline.database")
public interface DatabaseSecretConfig {

  /**
   * ARN of the secret with the JSON fields {@code username} and {@code password} ({@code
   * DB_SECRET_ARN}).
   */
  Optional<String> secretArn();

  /** The secret's region. Defaults to {@code AWS_REGION}. */
  Optional<String> region();

  /** Another Secrets Manager endpoint than the region's (tests, a VPC endpoint by URL). */
  Optional<URI> endpointOverride();
}
