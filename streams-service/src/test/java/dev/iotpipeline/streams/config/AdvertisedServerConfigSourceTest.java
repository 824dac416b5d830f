package dev.iotpipeline.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AdvertisedServerConfigSourceTest {

  private static AdvertisedServerConfigSource with(Map<String, String> environment) {
    return new AdvertisedServerConfigSource(environment::get);
  }

  @Test
  void withoutTheSettingTheInstanceAdvertisesNothingAndAnswersAloneAsBefore() {
    assertThat(with(Map.of()).getProperties()).isEmpty();
    assertThat(with(Map.of("STREAMS_ADVERTISED_HOST", " ")).getProperties()).isEmpty();
  }

  @Test
  void autoAdvertisesTheAddressThisHostsNameResolvesToOnTheHttpPort() throws Exception {
    AdvertisedServerConfigSource source =
        with(Map.of("STREAMS_ADVERTISED_HOST", "auto", "QUARKUS_HTTP_PORT", "8080"));

    assertThat(source.getValue("quarkus.kafka-streams.application-server"))
        .isEqualTo(InetAddress.getLocalHost().getHostAddress() + ":8080");
  }

  @Test
  void aNamedHostIsAdvertisedAsGivenWithHttpPortOrElse8081() {
    assertThat(
            with(Map.of("STREAMS_ADVERTISED_HOST", "streams-1.internal", "HTTP_PORT", "9000"))
                .getValue("quarkus.kafka-streams.application-server"))
        .isEqualTo("streams-1.internal:9000");
    assertThat(
            with(Map.of("STREAMS_ADVERTISED_HOST", "10.0.3.7"))
                .getValue("quarkus.kafka-streams.application-server"))
        .isEqualTo("10.0.3.7:8081");
  }

  @Test
  void theHttpPortSystemPropertyComesBeforeThePortVariables() {
    assertThat(
            with(Map.of(
                    "STREAMS_ADVERTISED_HOST", "h",
                    "quarkus.http.port", "7001",
                    "QUARKUS_HTTP_PORT", "7002",
                    "HTTP_PORT", "7003"))
                .getValue("quarkus.kafka-streams.application-server"))
        .isEqualTo("h:7001");
    assertThat(
            with(Map.of(
                    "STREAMS_ADVERTISED_HOST",
                    "h",
                    "QUARKUS_HTTP_PORT",
                    "7002",
                    "HTTP_PORT",
                    "7003"))
                .getValue("quarkus.kafka-streams.application-server"))
        .isEqualTo("h:7002");
  }

  @Test
  void anExplicitApplicationServerInApplicationPropertiesOrTheEnvironmentWins() {
    assertThat(with(Map.of("STREAMS_ADVERTISED_HOST", "auto")).getOrdinal())
        .isLessThan(250) // application.properties
        .isLessThan(300); // environment variables
  }
}
