package dev.iotpipeline.streams.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Turns {@code STREAMS_ADVERTISED_HOST} into Kafka Streams' {@code application.server} ({@code
 * quarkus.kafka-streams.application-server}): the address at which the other instances reach this
 * one's HTTP API to query the state it holds (decision 0317). {@code auto} takes the address this
 * host's name resolves to (on ECS with awsvpc networking, the task's own IP, which no setting could
 * name in advance); any other value is taken as the host name. The port is the HTTP port as
 * application.properties resolves it (system property {@code quarkus.http.port}, else {@code
 * QUARKUS_HTTP_PORT}, else {@code HTTP_PORT}, else 8081). Unset or blank: the instance runs alone
 * and answers every query itself. An explicit {@code quarkus.kafka-streams.application-server}
 * still wins (this source's ordinal is low).
 */
public class AdvertisedServerConfigSource extends MapBackedConfigSource {

  static final String SETTING = "STREAMS_ADVERTISED_HOST";
  static final String PROPERTY = "quarkus.kafka-streams.application-server";

  /** Below application.properties (250): an explicit application-server overrides this. */
  static final int ORDINAL = 150;

  public AdvertisedServerConfigSource() {
    this(name -> System.getProperty(name, name.contains(".") ? null : System.getenv(name)));
  }

  AdvertisedServerConfigSource(UnaryOperator<String> environment) {
    super(SETTING, properties(environment), ORDINAL);
  }

  private static Map<String, String> properties(UnaryOperator<String> environment) {
    String host = environment.apply(SETTING);
    if (host == null || host.isBlank()) {
      return Map.of();
    }
    String port =
        firstSet(environment, "quarkus.http.port", "QUARKUS_HTTP_PORT", "HTTP_PORT", "8081");
    return Map.of(PROPERTY, resolve(host.strip()) + ":" + port);
  }

  private static String resolve(String host) {
    if (!"auto".equalsIgnoreCase(host)) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          SETTING
              + "=auto: this host's name does not resolve to an address ("
              + e.getMessage()
              + "); set "
              + SETTING
              + " to the address the other instances reach this one at",
          e);
    }
  }

  private static String firstSet(UnaryOperator<String> environment, String... namesThenDefault) {
    for (int i = 0; i < namesThenDefault.length - 1; i++) {
      String value = environment.apply(namesThenDefault[i]);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return namesThenDefault[namesThenDefault.length - 1];
  }
}
