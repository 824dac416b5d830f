package dev.iotpipeline.fanout.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.fanout.client.PagerDutyEvent;

class AlertMessagesTest {

  private static Alert alert(Severity severity, AlertStatus status, String sensorId) {
    return new Alert(
        "a-1",
        sensorId,
        "smart-meter",
        "THRESHOLD",
        severity,
        status,
        "power_w",
        0L,
        1000L,
        "power_w 9100 W above 8000 W",
        Map.of("value", 9100.0),
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void subjectIsPrintableAsciiOfAtMostOneHundredCharacters() {
    String subject =
        AlertMessages.subject(
            alert(Severity.CRITICAL, AlertStatus.TRIGGERED, "zähler-" + "x".repeat(200)));

    assertThat(subject).hasSize(100).startsWith("[CRITICAL] THRESHOLD on z?hler-");
    assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  @Test
  void bodyLeavesOutRegistryDataThatIsUnknown() {
    String body = AlertMessages.body(alert(Severity.WARNING, AlertStatus.TRIGGERED, "m-1"));

    assertThat(body)
        .startsWith("power_w 9100 W above 8000 W\n\n")
        .contains("Event time: 1970-01-01T00:00:00Z")
        .contains("value: 9100.0")
        .doesNotContain("Device registry")
        .doesNotContain("null");
  }

  @Test
  void resolveCarriesOnlyTheDedupKeyAndTheRoutingKey() throws Exception {
    PagerDutyEvent resolve =
        AlertMessages.pagerDutyEvent(
            alert(Severity.CRITICAL, AlertStatus.RESOLVED, "m-1"), "rk-secret");

    String json = ContractJson.mapper().writeValueAsString(resolve);
    assertThat(json)
        .isEqualTo(
            "{\"routing_key\":\"rk-secret\",\"event_action\":\"resolve\",\"dedup_key\":\"a-1\","
                + "\"client\":\"iot-pipeline\"}");
    assertThat(resolve.toString()).doesNotContain("rk-secret");
  }

  @Test
  void routingTableSendsEachSeverityToItsChannels() {
    AlertRouter router = new AlertRouter(true, true);

    assertThat(router.channels(alert(Severity.CRITICAL, AlertStatus.TRIGGERED, "m")))
        .containsExactly(Channel.PAGERDUTY, Channel.SNS_CRITICAL);
    assertThat(router.channels(alert(Severity.CRITICAL, AlertStatus.RESOLVED, "m")))
        .containsExactly(Channel.PAGERDUTY, Channel.SNS_CRITICAL);
    assertThat(router.channels(alert(Severity.WARNING, AlertStatus.TRIGGERED, "m")))
        .containsExactly(Channel.SNS_MONITORING);
    assertThat(router.channels(alert(Severity.INFO, AlertStatus.TRIGGERED, "m"))).isEmpty();
    assertThat(
            new AlertRouter(false, true)
                .channels(alert(Severity.CRITICAL, AlertStatus.TRIGGERED, "m")))
        .containsExactly(Channel.SNS_CRITICAL);
  }
}
