package dev.iotpipeline.fanout.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.testsupport.PackagedFunction;
import dev.iotpipeline.testsupport.PackagedFunction.Outcome;

/** The packaged function refuses to start on bad settings, saying which. */
class StartupSettingsIT {

  private static Map<String, String> settings() {
    Map<String, String> env = new HashMap<>();
    env.put("SNS_CRITICAL_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:critical");
    env.put("SNS_MONITORING_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:monitoring");
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:9/none");
    return env;
  }

  @Test
  void criticalRoutingWithoutRoutingKeyStopsStartUpNamingTheSetting() throws Exception {
    Outcome outcome = PackagedFunction.start(settings());

    assertThat(outcome.exited()).as(outcome.output()).isTrue();
    assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
    assertThat(outcome.output())
        .contains("PAGERDUTY_ROUTING_KEY")
        .contains("fanout.pagerduty.routing-key");
  }

  @Test
  void unreadableRoutingKeySecretStopsStartUpNamingTheSecret() throws Exception {
    Map<String, String> env = settings();
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pd-AbCdEf";
    env.put("PAGERDUTY_ROUTING_KEY_SECRET_ARN", arn);
    env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");

    Outcome outcome = PackagedFunction.start(env);

    assertThat(outcome.exited()).as(outcome.output()).isTrue();
    assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
    assertThat(outcome.output()).contains(arn).contains("fanout.pagerduty.routing-key-secret-arn");
  }
}
