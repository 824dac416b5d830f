package dev.iotpipeline.fanout.config;

import java.util.ArrayList;
import java.util.List;

/** Checks the settings as a whole; a bad setting stops start-up with a message naming it. */
public final class FanoutSettings {

  private FanoutSettings() {}

  /** Every problem of the settings, each naming the key and its environment variable. */
  public static List<String> problems(FanoutConfig config) {
    List<String> problems = new ArrayList<>();
    FanoutConfig.PagerDuty pagerDuty = config.pagerduty();
    if (pagerDuty.enabled()) {
      boolean key = pagerDuty.routingKey().filter(s -> !s.isBlank()).isPresent();
      boolean arn = pagerDuty.routingKeySecretArn().filter(s -> !s.isBlank()).isPresent();
      if (!key && !arn) {
        problems.add(
            "CRITICAL alerts go to PagerDuty (fanout.pagerduty.enabled=true) but no routing key is"
                + " set: set fanout.pagerduty.routing-key (PAGERDUTY_ROUTING_KEY) or"
                + " fanout.pagerduty.routing-key-secret-arn (PAGERDUTY_ROUTING_KEY_SECRET_ARN)");
      }
      if (key && arn) {
        problems.add(
            "Both fanout.pagerduty.routing-key (PAGERDUTY_ROUTING_KEY) and"
                + " fanout.pagerduty.routing-key-secret-arn (PAGERDUTY_ROUTING_KEY_SECRET_ARN) are"
                + " set: set only one");
      }
      String scheme = String.valueOf(pagerDuty.eventsUrl().getScheme());
      if (!scheme.equals("https") && !scheme.equals("http")) {
        problems.add(
            "fanout.pagerduty.events-url (PAGERDUTY_EVENTS_URL) must be an http(s) URL, not "
                + pagerDuty.eventsUrl());
      }
      if (pagerDuty.requestTimeout().isNegative() || pagerDuty.requestTimeout().isZero()) {
        problems.add("fanout.pagerduty.request-timeout must be positive");
      }
    }
    FanoutConfig.Sns sns = config.sns();
    if (sns.enabled()) {
      if (sns.criticalTopicArn().filter(s -> s.startsWith("arn:")).isEmpty()) {
        problems.add(
            "SNS publishing is on (fanout.sns.enabled=true) but fanout.sns.critical-topic-arn"
                + " (SNS_CRITICAL_TOPIC_ARN) is not a topic ARN");
      }
      if (sns.monitoringTopicArn().filter(s -> s.startsWith("arn:")).isEmpty()) {
        problems.add(
            "SNS publishing is on (fanout.sns.enabled=true) but fanout.sns.monitoring-topic-arn"
                + " (SNS_MONITORING_TOPIC_ARN) is not a topic ARN");
      }
    }
    if (config.parallelism() < 1 || config.parallelism() > 64) {
      problems.add("fanout.parallelism must be between 1 and 64, not " + config.parallelism());
    }
    FanoutConfig.Retry retry = config.retry();
    if (retry.maxRetries() < 0) {
      problems.add("fanout.retry.max-retries must not be negative");
    }
    if (retry.factor() < 1) {
      problems.add("fanout.retry.factor must be at least 1");
    }
    if (retry.initialDelay().isNegative() || retry.maxDelay().compareTo(retry.initialDelay()) < 0) {
      problems.add("fanout.retry.initial-delay must be between 0 and fanout.retry.max-delay");
    }
    return problems;
  }

  /** Throws naming every problem, if there is one. */
  public static void check(FanoutConfig config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The alert fan-out cannot start: " + String.join("; ", problems));
    }
  }
}
