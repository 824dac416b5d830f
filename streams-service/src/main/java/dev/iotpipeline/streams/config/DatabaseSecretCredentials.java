package dev.iotpipeline.streams.config;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.logging.Log;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The registry and alert store's database credentials, read from the RDS-managed Secrets Manager
 * secret ({@code pipeline.database.secret-arn}, env {@code DB_SECRET_ARN}). Quarkus' reactive
 * datasource asks a credentials provider for every new connection, so RDS rotating the master
 * password (every 7 days by default) reaches the next connection; a password injected into the
 * task's environment at start would fail every connection opened after a rotation until the task
 * restarted. Open connections stay authenticated across a rotation.
 */
@ApplicationScoped
@Unremovable
@Named(DatabaseSecretCredentials.NAME)
public class DatabaseSecretCredentials implements CredentialsProvider {

  /** The name for {@code quarkus.datasource.credentials-provider}. */
  public static final String NAME = "database-secret";

  private final DatabaseSecretConfig config;

  public DatabaseSecretCredentials(DatabaseSecretConfig config) {
    this.config = config;
  }

  @Override
  public Map<String, String> getCredentials(String credentialsProviderName) {
    String arn = required(config.secretArn(), "pipeline.database.secret-arn (DB_SECRET_ARN)");
    String region = required(config.region(), "pipeline.database.region (AWS_REGION)");
    return read(arn, region, config.endpointOverride());
  }

  private static String required(Optional<String> setting, String named) {
    return setting
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "quarkus.datasource.credentials-provider=" + NAME + " needs " + named));
  }

  /** Reads {@code username} and {@code password} of an RDS-managed secret. */
  static Map<String, String> read(String arn, String region, Optional<URI> endpoint) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .region(Region.of(region))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    endpoint.ifPresent(builder::endpointOverride);
    String secret;
    try (SecretsManagerClient client = builder.build()) {
      secret = client.getSecretValue(b -> b.secretId(arn)).secretString();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "The database credentials could not be read from Secrets Manager secret "
              + arn
              + " (pipeline.database.secret-arn): "
              + e.getMessage(),
          e);
    }
    JsonNode json;
    try {
      json = secret == null ? null : ContractJson.mapper().readTree(secret);
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
    Log.debugf("Read the database credentials of user %s from secret %s", username, arn);
    return Map.of(USER_PROPERTY_NAME, username, PASSWORD_PROPERTY_NAME, password);
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json == null ? null : json.get(field);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }
}
