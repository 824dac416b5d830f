package dev.iotpipeline.streams.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.testsupport.HttpReceiver;
import io.quarkus.credentials.CredentialsProvider;

/**
 * The database credentials come from the RDS-managed secret at every call (Quarkus' reactive pool
 * calls once per new connection), against a receiver speaking Secrets Manager's protocol.
 */
class DatabaseSecretCredentialsTest {

  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-AbCdEf";
  private static HttpReceiver secretsManager;

  @BeforeAll
  static void start() {
    secretsManager = HttpReceiver.start();
    System.setProperty("aws.accessKeyId", "test-access-key");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
  }

  @AfterAll
  static void stop() {
    secretsManager.close();
  }

  @Test
  void aRotatedPasswordReachesTheNextConnection() {
    holds("{\"username\":\"pipeline\",\"password\":\"before-rotation\"}");
    DatabaseSecretCredentials credentials = credentials(Optional.of(ARN));
    assertThat(credentials.getCredentials(DatabaseSecretCredentials.NAME))
        .containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "pipeline")
        .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "before-rotation");

    holds("{\"username\":\"pipeline\",\"password\":\"after-rotation\"}");

    assertThat(credentials.getCredentials(DatabaseSecretCredentials.NAME))
        .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "after-rotation");
    assertThat(secretsManager.requests("/")).hasSize(1);
    assertThat(secretsManager.requests("/").get(0).getHeader("X-Amz-Target"))
        .isEqualTo("secretsmanager.GetSecretValue");
    assertThat(secretsManager.requests("/").get(0).getBodyAsString()).contains(ARN);
  }

  @Test
  void aSecretWithoutPasswordIsRefusedNamingTheSecretButNotItsValue() {
    holds("{\"username\":\"pipeline\",\"pass\":\"s3cr3t\"}");

    assertThatThrownBy(() -> credentials(Optional.of(ARN)).getCredentials("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("username and password")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void theProviderWithoutASecretArnNamesTheSetting() {
    assertThatThrownBy(() -> credentials(Optional.empty()).getCredentials("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pipeline.database.secret-arn")
        .hasMessageContaining("DB_SECRET_ARN");
  }

  @Test
  void anUnreachableSecretsManagerNamesTheSecretAndTheSetting() {
    assertThatThrownBy(
            () ->
                DatabaseSecretCredentials.read(
                    ARN, "eu-west-1", Optional.of(URI.create("http://127.0.0.1:1"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("pipeline.database.secret-arn");
  }

  /** The stand-in answers GetSecretValue with this secret string (JSON text). */
  private static void holds(String secretJson) {
    secretsManager.reset();
    String quoted = "\"" + secretJson.replace("\"", "\\\"") + "\"";
    secretsManager
        .wireMock()
        .stubFor(
            post(urlPathEqualTo("/"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(
                            "{\"ARN\":\""
                                + ARN
                                + "\",\"Name\":\"db\",\"SecretString\":"
                                + quoted
                                + "}")));
  }

  private static DatabaseSecretCredentials credentials(Optional<String> arn) {
    return new DatabaseSecretCredentials(
        new DatabaseSecretConfig() {
          @Override
          public Optional<String> secretArn() {
            return arn;
          }

          @Override
          public Optional<String> region() {
            return Optional.of("eu-west-1");
          }

          @Override
          public Optional<URI> endpointOverride() {
            return Optional.of(URI.create(secretsManager.baseUrl()));
          }
        });
  }
}
