package dev.iotpipeline.fanout.client;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/** Reads one secret string from Secrets Manager, once, for the function's start-up settings. */
final class SecretsManagerReader {

  private SecretsManagerReader() {}

  /**
   * The secret string of {@code arn}.
   *
   * @param purpose what the secret is for, named in errors (never its value)
   * @param setting the setting that named the secret, named in errors
   * @throws IllegalStateException naming the secret, the purpose and the setting
   */
  static String secretString(
      String arn, String region, Optional<URI> endpoint, String purpose, String setting) {
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
          "The "
              + purpose
              + " could not be read from Secrets Manager secret "
              + arn
              + " ("
              + setting
              + "): "
              + e.getMessage(),
          e);
    }
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException(
          "Secrets Manager secret " + arn + " has no secret string for the " + purpose);
    }
    return secret;
  }
}
