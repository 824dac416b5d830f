package dev.iotpipeline.fanout.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.testsupport.HttpReceiver;

/** The Secrets Manager path of the routing key, against a receiver speaking its JSON protocol. */
class RoutingKeyTest {

  private static final String ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:pagerduty-AbCdEf";
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

  @BeforeEach
  void reset() {
    secretsManager.reset();
  }

  private static void secretString(String json) {
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
                                + "\",\"Name\":\"pagerduty\",\"VersionId\":\"v1\",\"SecretString\":"
                                + json
                                + "}")));
  }

  private static String read() {
    return RoutingKey.fromSecretsManager(
        ARN, "us-east-1", Optional.of(URI.create(secretsManager.baseUrl())));
  }

  @Test
  void plainSecretStringIsTheRoutingKey() {
    secretString("\"rk-plain\"");

    assertThat(read()).isEqualTo("rk-plain");
    assertThat(secretsManager.requests("/"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getHeader("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
              assertThat(r.getBodyAsString()).contains(ARN);
            });
  }

  @Test
  void jsonSecretGivesItsRoutingKeyField() {
    secretString("\"{\\\"routing_key\\\":\\\"rk-json\\\"}\"");

    assertThat(read()).isEqualTo("rk-json");
  }

  @Test
  void jsonSecretWithoutTheFieldIsABadSettingNamingTheSecret() {
    secretString("\"{\\\"other\\\":\\\"x\\\"}\"");

    assertThatThrownBy(RoutingKeyTest::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("routing_key");
  }

  @Test
  void unreadableSecretStopsStartUpNamingTheSetting() {
    secretsManager
        .wireMock()
        .stubFor(
            post(urlPathEqualTo("/"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(
                            "{\"__type\":\"ResourceNotFoundException\",\"message\":\"not found\"}")));

    assertThatThrownBy(RoutingKeyTest::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("fanout.pagerduty.routing-key-secret-arn");
  }
}
