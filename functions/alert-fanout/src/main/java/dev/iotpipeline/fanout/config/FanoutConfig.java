package dev.iotpipeline.fanout.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the alert fan-out function. The environment variables Terraform passes (CONTRACT.md)
 * are mapped onto these keys in {@code application.properties}.
 */
@ConfigMapping(prefix = "fanout")
public interface FanoutConfig {

  /**
   * Sensors whose alerts are delivered at the same time. One sensor's alerts are always delivered
   * in batch order (a resolve never overtakes its trigger); different sensors need not wait for
   * each other's HTTP round trips.
   */
  @WithDefault("4")
  int parallelism();

  /** PagerDuty Events API v2, for CRITICAL alerts. */
  PagerDuty pagerduty();

  /** Amazon SNS topics, for CRITICAL and WARNING alerts. */
  Sns sns();

  /** Retries of one delivery (PagerDuty or SNS) before the batch fails. */
  Retry retry();

  /** The idempotency records (PostgreSQL) that keep a retried batch from notifying twice. */
  Idempotency idempotency();

  /** PagerDuty settings. */
  interface PagerDuty {

    /** Whether CRITICAL alerts page PagerDuty. */
    @WithDefault("true")
    boolean enabled();

    /** The Events API v2 enqueue URL ({@code PAGERDUTY_EVENTS_URL}). */
    @WithDefault("https://events.pagerduty.com/v2/enqueue")
    URI eventsUrl();

    /** The integration's routing key ({@code PAGERDUTY_ROUTING_KEY}); never logged. */
    Optional<String> routingKey();

    /**
     * Secrets Manager secret holding the routing key ({@code PAGERDUTY_ROUTING_KEY_SECRET_ARN}):
     * the secret string itself, or a JSON object with a {@code routing_key} field. Read once at
     * start-up. Set this or {@link #routingKey()}, not both.
     */
    Optional<String> routingKeySecretArn();

    /** Timeout of one HTTP attempt (connect and answer). */
    @WithDefault("5s")
    Duration requestTimeout();
  }

  /** SNS settings. */
  interface Sns {

    /** Whether CRITICAL and WARNING alerts are published to SNS. */
    @WithDefault("true")
    boolean enabled();

    /** Topic for CRITICAL alerts ({@code SNS_CRITICAL_TOPIC_ARN}). */
    Optional<String> criticalTopicArn();

    /** Topic for WARNING alerts ({@code SNS_MONITORING_TOPIC_ARN}). */
    Optional<String> monitoringTopicArn();

    /** Region of the SNS and Secrets Manager clients ({@code AWS_REGION}). */
    @WithDefault("us-east-1")
    String region();

    /** Endpoint override of the SNS client ({@code AWS_ENDPOINT_URL_SNS}); tests and local runs. */
    Optional<URI> endpointOverride();

    /**
     * Endpoint override of the Secrets Manager client ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}).
     */
    Optional<URI> secretsManagerEndpointOverride();

    /** Timeout of one SNS API call attempt. */
    @WithDefault("5s")
    Duration attemptTimeout();
  }

  /** Retry settings: exponential backoff with jitter, floored by the server's Retry-After. */
  interface Retry {

    /** Retries after the first attempt. */
    @WithDefault("4")
    int maxRetries();

    /** Backoff before the first retry; each further retry doubles it (see {@link #factor()}). */
    @WithDefault("200ms")
    Duration initialDelay();

    /** Growth factor of the backoff. */
    @WithDefault("2")
    int factor();

    /** Upper bound of one backoff. */
    @WithDefault("10s")
    Duration maxDelay();

    /** Upper bound of a server-requested wait (Retry-After) that is still honoured. */
    @WithDefault("30s")
    Duration maxRetryAfter();

    /** Upper bound of all attempts of one delivery together. */
    @WithDefault("60s")
    Duration maxDuration();
  }

  /** Database settings beyond the standard datasource ones. */
  Database database();

  /** Where the idempotency ledger's credentials come from in AWS. */
  interface Database {

    /**
     * ARN of the Aurora-managed Secrets Manager secret (JSON with {@code username} and {@code
     * password}) read by the {@code database-secret} credentials provider, which is switched on by
     * {@code quarkus.datasource.credentials-provider=database-secret}. Lambda cannot inject a
     * secret into its environment, and a password in a plain variable would sit in Terraform state.
     */
    Optional<String> secretArn();
  }

  /** Idempotency settings. */
  interface Idempotency {

    /** Whether the function creates its table at start-up (CREATE TABLE IF NOT EXISTS). */
    @WithDefault("true")
    boolean createTable();

    /** Timeout of one database statement. */
    @WithDefault("5s")
    Duration statementTimeout();
  }
}
