package dev.iotpipeline.fanout.client;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.fanout.config.FanoutConfig;
import io.quarkus.logging.Log;

/**
 * The PagerDuty routing key: from configuration ({@code PAGERDUTY_ROUTING_KEY}) or read once from
 * Secrets Manager ({@code PAGERDUTY_ROUTING_KEY_SECRET_ARN}) on first use, then kept in memory for
 * the life of the Lambda instance. The key is never logged; only the secret's ARN is.
 */
@ApplicationScoped
public class RoutingKey {

  private final FanoutConfig config;
  private volatile String key;

  public RoutingKey(FanoutConfig config) {
    this.config = config;
  }

  /** The routing key; the first call may read Secrets Manager. */
  public String get() {
    String current = key;
    if (current == null) {
      synchronized (this) {
        if (key == null) {
          FanoutConfig.PagerDuty pagerDuty = config.pagerduty();
          key =
              pagerDuty
                  .routingKey()
                  .filter(s -> !s.isBlank())
                  .orElseGet(
                      () ->
                          fromSecretsManager(
                              pagerDuty.routingKeySecretArn().orElseThrow(),
                              config.sns().region(),
                              config.sns().secretsManagerEndpointOverride()));
        }
        current = key;
      }
    }
    return current;
  }

  /**
   * Reads the routing key from a secret: the secret string itself, or its {@code routing_key} field
   * when the secret is a JSON object.
   */
  public static String fromSecretsManager(String arn, String region, Optional<URI> endpoint) {
    String secret =
        SecretsManagerReader.secretString(
            arn,
            region,
            endpoint,
            "PagerDuty routing key",
            "fanout.pagerduty.routing-key-secret-arn");
    String trimmed = secret.trim();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode json = ContractJson.mapper().readTree(trimmed);
        JsonNode field = json.get("routing_key");
        if (field == null || !field.isTextual() || field.asText().isBlank()) {
          throw new IllegalStateException(
              "Secrets Manager secret " + arn + " is JSON without a routing_key field");
        }
        trimmed = field.asText();
      } catch (IOException e) {
        throw new IllegalStateException(
            "Secrets Manager secret " + arn + " starts like JSON but is not JSON", e);
      }
    }
    Log.infof("Read the PagerDuty routing key from Secrets Manager secret %s", arn);
    return trimmed;
  }
}
