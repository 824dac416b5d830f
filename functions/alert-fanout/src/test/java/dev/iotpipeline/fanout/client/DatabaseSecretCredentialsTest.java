package dev.iotpipeline.fanout.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.testsupport.HttpReceiver;
import io.quarkus.credentials.CredentialsProvider;

/**
 * The ledger's credentials from an RDS-managed secret, against a receiver speaking its protocol.
 */
class DatabaseSecretCredentialsTest {

  private static final String ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-AbCdEf";
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

  private static void secretString(String json) {
    secretsManager.reset();
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
                                + json
                                + "}")));
  }

  private static Map<String, String> read() {
    return DatabaseSecretCredentials.fromSecretsManager(
        ARN, "us-east-1", Optional.of(URI.create(secretsManager.baseUrl())));
  }

  @Test
  void rdsManagedSecretGivesUserAndPassword() {
    secretString("\"{\\\"username\\\":\\\"fanout\\\",\\\"password\\\":\\\"s3cr3t\\\"}\"");

    assertThat(read())
        .containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "fanout")
        .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "s3cr3t")
        .hasSize(2);
    assertThat(secretsManager.requests("/").get(0).getHeader("X-Amz-Target"))
        .isEqualTo("secretsmanager.GetSecretValue");
  }

  @Test
  void secretWithoutPasswordStopsStartUpNamingTheSecretButNotItsValue() {
    secretString("\"{\\\"username\\\":\\\"fanout\\\"}\"");

    assertThatThrownBy(DatabaseSecretCredentialsTest::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("username and password");
  }

  @Test
  void unreachableSecretNamesTheSetting() {
    assertThatThrownBy(
            () ->
                DatabaseSecretCredentials.fromSecretsManager(
                    ARN, "us-east-1", Optional.of(URI.create("http://127.0.0.1:1"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fanout.database.secret-arn");
  }
}
