package dev.iotpipeline.fanout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class FanoutSettingsTest {

  private static final Map<String, String> GOOD =
      Map.of(
          "fanout.pagerduty.routing-key", "rk",
          "fanout.sns.critical-topic-arn", "arn:aws:sns:us-east-1:1:critical",
          "fanout.sns.monitoring-topic-arn", "arn:aws:sns:us-east-1:1:monitoring");

  private static FanoutConfig config(Map<String, String> overrides, String... removed) {
    Map<String, String> values = new HashMap<>(GOOD);
    values.putAll(overrides);
    for (String key : removed) {
      values.remove(key);
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(FanoutConfig.class)
            // Quarkus' own converter: "5s", "200ms" as in application.properties.
            .withConverter(Duration.class, 100, new DurationConverter())
            .withSources(new PropertiesConfigSource(values, "test", 500))
            .build();
    return config.getConfigMapping(FanoutConfig.class);
  }

  @Test
  void completeSettingsHaveNoProblem() {
    assertThat(FanoutSettings.problems(config(Map.of()))).isEmpty();
  }

  @Test
  void criticalRoutingWithoutRoutingKeyStopsStartUpNamingBothSettings() {
    FanoutConfig config = config(Map.of(), "fanout.pagerduty.routing-key");

    assertThatThrownBy(() -> FanoutSettings.check(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PAGERDUTY_ROUTING_KEY")
        .hasMessageContaining("PAGERDUTY_ROUTING_KEY_SECRET_ARN")
        .hasMessageContaining("fanout.pagerduty.enabled=true");
  }

  @Test
  void routingKeyIsNotNeededWhenPagerDutyIsOff() {
    FanoutConfig config =
        config(Map.of("fanout.pagerduty.enabled", "false"), "fanout.pagerduty.routing-key");

    assertThat(FanoutSettings.problems(config)).isEmpty();
  }

  @Test
  void keyAndSecretArnTogetherAreAmbiguous() {
    FanoutConfig config =
        config(Map.of("fanout.pagerduty.routing-key-secret-arn", "arn:aws:secretsmanager:x"));

    assertThat(FanoutSettings.problems(config)).singleElement().asString().contains("only one");
  }

  @Test
  void missingTopicIsNamedByItsEnvironmentVariable() {
    FanoutConfig config = config(Map.of(), "fanout.sns.monitoring-topic-arn");

    assertThat(FanoutSettings.problems(config))
        .singleElement()
        .asString()
        .contains("SNS_MONITORING_TOPIC_ARN");
  }

  @Test
  void eventsUrlMustBeHttp() {
    FanoutConfig config = config(Map.of("fanout.pagerduty.events-url", "ftp://pagerduty"));

    assertThat(FanoutSettings.problems(config))
        .singleElement()
        .asString()
        .contains("PAGERDUTY_EVENTS_URL");
  }

  @Test
  void problemsDoNotRevealTheRoutingKey() {
    FanoutConfig config =
        config(
            Map.of(
                "fanout.pagerduty.routing-key-secret-arn",
                "arn:aws:secretsmanager:x",
                "fanout.pagerduty.routing-key",
                "SECRET-rk-123"));

    assertThat(String.join(" ", FanoutSettings.problems(config))).doesNotContain("SECRET-rk-123");
  }
}
