package dev.iotpipeline.fanout.client;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.fanout.config.FanoutConfig;
import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.logging.Log;

/**
 * The idempotency ledger's database credentials, read from the Aurora-managed Secrets Manager
 * secret ({@code fanout.database.secret-arn}, env {@code DB_SECRET_ARN}) whenever the datasource
 * opens a connection (Quarkus' reactive pool asks its credentials provider per new connection).
 * Switched on by {@code quarkus.datasource.credentials-provider=database-secret} (Terraform sets
 * both); without it the standard {@code quarkus.datasource.username/password} apply, as in tests
 * and the local run. Reading per connection (not caching) lets a rotated password reach the next
 * connection, also in a warm Lambda environment.
 */
@ApplicationScoped
@Unremovable
@Named(DatabaseSecretCredentials.NAME)
public class DatabaseSecretCredentials implements CredentialsProvider {

  /** The name for {@code quarkus.datasource.credentials-provider}. */
  public static final String NAME = "database-secret";

  private static final String SETTING = "fanout.database.secret-arn";

  private final FanoutConfig config;

  public DatabaseSecretCredentials(FanoutConfig config) {
    this.config = config;
  }

  @Override
  public Map<String, String> getCredentials(String credentialsProviderName) {
    String arn =
        config
            .database()
            .secretArn()
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "quarkus.datasource.credentials-provider="
                            + NAME
                            + " needs "
                            + SETTING
                            + " (DB_SECRET_ARN)"));
    return fromSecretsManager(
        arn, config.sns().region(), config.sns().secretsManagerEndpointOverride());
  }

  /** Reads {@code username} and {@code password} of an RDS-managed secret. */
  public static Map<String, String> fromSecretsManager(
      String arn, String region, Optional<URI> endpoint) {
    String secret =
        SecretsManagerReader.secretString(arn, region, endpoint, "database credentials", SETTING);
    JsonNode json;
    try {
      json = ContractJson.mapper().readTree(secret);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Secrets Manager secret " + arn + " is not the JSON of database credentials", e);
    }
    String username = text(json, "username");
    String password = text(json, "password");
    if (username == null || password == null) {
      throw new IllegalStateException(
          "Secrets Manager secret " + arn + " needs the fields username and password");
    }
    Log.infof("Read the database credentials of user %s from secret %s", username, arn);
    return Map.of(USER_PROPERTY_NAME, username, PASSWORD_PROPERTY_NAME, password);
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json == null ? null : json.get(field);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }
}
