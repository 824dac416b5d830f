package dev.iotpipeline.fanout.client;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An Events API v2 event (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
 *
 * @param routingKey the integration key; redacted from {@link #toString()}
 * @param eventAction {@code trigger} or {@code resolve}
 * @param dedupKey the alert id: PagerDuty folds repeated triggers of one key into one incident
 * @param client who sends it
 * @param payload the incident details; only for {@code trigger}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PagerDutyEvent(
    @JsonProperty("routing_key") String routingKey,
    @JsonProperty("event_action") String eventAction,
    @JsonProperty("dedup_key") String dedupKey,
    @JsonProperty("client") String client,
    @JsonProperty("payload") Payload payload) {

  /**
   * The {@code payload} of a trigger.
   *
   * @param summary one line, at most 1024 characters
   * @param source the affected sensor
   * @param severity critical, error, warning or info
   * @param timestamp ISO-8601 event time
   * @param component the device type
   * @param group the metric
   * @param eventClass the alert type
   * @param customDetails evidence and registry data
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Payload(
      @JsonProperty("summary") String summary,
      @JsonProperty("source") String source,
      @JsonProperty("severity") String severity,
      @JsonProperty("timestamp") String timestamp,
      @JsonProperty("component") String component,
      @JsonProperty("group") String group,
      @JsonProperty("class") String eventClass,
      @JsonProperty("custom_details") Map<String, Object> customDetails) {}

  /** Without the routing key: records end up in logs and exception messages by accident. */
  @Override
  public String toString() {
    return "PagerDutyEvent[eventAction="
        + eventAction
        + ", dedupKey="
        + dedupKey
        + ", routingKey=<redacted>, payload="
        + payload
        + "]";
  }
}
