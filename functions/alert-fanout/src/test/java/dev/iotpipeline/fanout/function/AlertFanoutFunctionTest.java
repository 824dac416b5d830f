package dev.iotpipeline.fanout.function;

import static dev.iotpipeline.fanout.function.FanoutResource.CRITICAL_TOPIC;
import static dev.iotpipeline.fanout.function.FanoutResource.EVENTS_PATH;
import static dev.iotpipeline.fanout.function.FanoutResource.MONITORING_TOPIC;
import static dev.iotpipeline.fanout.function.FanoutResource.ROUTING_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.testsupport.MskEvents;
import dev.iotpipeline.testsupport.MskEvents.Rec;
import dev.iotpipeline.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FanoutResource.class)
class AlertFanoutFunctionTest {

  private static final long T = 1764000060000L;

  @BeforeEach
  void resetReceivers() {
    FanoutResource.reset();
  }

  @Test
  void criticalAlertPagesPagerDutyAndPublishesToTheCriticalTopic() throws Exception {
    Alert alert = alert(Severity.CRITICAL, AlertStatus.TRIGGERED);

    Response response = invoke(event(alert));

    response.then().statusCode(200);
    assertThat(response.jsonPath().getInt("delivered")).isEqualTo(2);
    List<LoggedRequest> pages = FanoutResource.pagerDuty.requests(EVENTS_PATH);
    assertThat(pages).hasSize(1);
    JsonNode page = ContractJson.mapper().readTree(pages.get(0).getBodyAsString());
    assertThat(page.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(page.get("event_action").asText()).isEqualTo("trigger");
    assertThat(page.get("dedup_key").asText()).isEqualTo(alert.alertId());
    JsonNode payload = page.get("payload");
    assertThat(payload.get("summary").asText()).isEqualTo(alert.summary());
    assertThat(payload.get("source").asText()).isEqualTo("m-1");
    assertThat(payload.get("severity").asText()).isEqualTo("critical");
    assertThat(payload.get("timestamp").asText()).isEqualTo("2025-11-24T16:01:00Z");
    assertThat(payload.get("component").asText()).isEqualTo("smart-meter");
    assertThat(payload.get("group").asText()).isEqualTo("power_w");
    assertThat(payload.get("class").asText()).isEqualTo("POWER_THEFT");
    assertThat(payload.get("custom_details").get("ratio").asDouble()).isEqualTo(0.33);
    assertThat(payload.get("custom_details").get("customerId").asText()).isEqualTo("c-42");

    List<Map<String, String>> published = snsPublishes();
    assertThat(published).hasSize(1);
    Map<String, String> publish = published.get(0);
    assertThat(publish)
        .containsEntry("Action", "Publish")
        .containsEntry("TopicArn", CRITICAL_TOPIC);
    assertThat(publish.get("Subject")).isEqualTo("[CRITICAL] POWER_THEFT on m-1 (smart-meter)");
    assertThat(publish.get("Message"))
        .startsWith(alert.summary())
        .contains("Severity: CRITICAL")
        .contains("ratio: 0.33")
        .contains("Customer: c-42")
        .doesNotContain("{\"alertId\"");
    assertThat(attributes(publish))
        .containsEntry("severity", "CRITICAL")
        .containsEntry("type", "POWER_THEFT")
        .containsEntry("deviceType", "smart-meter");
  }

  @Test
  void warningGoesOnlyToTheMonitoringTopicAndInfoNowhere() {
    Alert warning = alert(Severity.WARNING, AlertStatus.TRIGGERED);
    Alert info = alert(Severity.INFO, AlertStatus.TRIGGERED);

    Response response = invoke(event(warning, info));

    response.then().statusCode(200);
    assertThat(response.jsonPath().getInt("notRouted")).isEqualTo(1);
    assertThat(FanoutResource.pagerDuty.requests()).isEmpty();
    List<Map<String, String>> published = snsPublishes();
    assertThat(published).hasSize(1);
    assertThat(published.get(0)).containsEntry("TopicArn", MONITORING_TOPIC);
    assertThat(attributes(published.get(0))).containsEntry("severity", "WARNING");
  }

  @Test
  void resolvedCriticalAlertResolvesTheIncidentByTheSameDedupKey() throws Exception {
    Alert triggered = alert(Severity.CRITICAL, AlertStatus.TRIGGERED);
    Alert resolved = withStatus(triggered, AlertStatus.RESOLVED);

    invoke(event(triggered, resolved)).then().statusCode(200);

    List<LoggedRequest> pages = FanoutResource.pagerDuty.requests(EVENTS_PATH);
    assertThat(pages).hasSize(2);
    JsonNode resolve = ContractJson.mapper().readTree(pages.get(1).getBodyAsString());
    assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.get("dedup_key").asText()).isEqualTo(triggered.alertId());
    assertThat(snsPublishes().get(1).get("Subject")).startsWith("[RESOLVED] POWER_THEFT");
  }

  @Test
  void rateLimitedPagerDutyIsRetriedWithGrowingBackoffUntilItAccepts() {
    FanoutResource.pagerDuty.failNext(EVENTS_PATH, 3, 429);
    Alert alert = alert(Severity.CRITICAL, AlertStatus.TRIGGERED);

    invoke(event(alert)).then().statusCode(200);

    List<LoggedRequest> pages = FanoutResource.pagerDuty.requests(EVENTS_PATH);
    assertThat(pages).hasSize(4);
    long[] gaps = gaps(pages);
    // initial-delay 100ms, factor 2, equal jitter: waits of 50-100, 100-200, 200-400 ms.
    assertThat(gaps[0]).isGreaterThanOrEqualTo(50);
    assertThat(gaps[1]).isGreaterThanOrEqualTo(100);
    assertThat(gaps[2]).isGreaterThanOrEqualTo(200);
    assertThat(pages).allSatisfy(p -> assertThat(p.getBodyAsString()).contains(alert.alertId()));
  }

  @Test
  void retryAfterOfARateLimitedAnswerIsHonoured() {
    FanoutResource.pagerDuty
        .wireMock()
        .stubFor(
            WireMock.post(WireMock.urlPathEqualTo(EVENTS_PATH))
                .inScenario("rate-limit")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("waited")
                .atPriority(1)
                .willReturn(
                    WireMock.aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withBody("{\"status\":\"throttle event\"}")));

    invoke(event(alert(Severity.CRITICAL, AlertStatus.TRIGGERED))).then().statusCode(200);

    List<LoggedRequest> pages = FanoutResource.pagerDuty.requests(EVENTS_PATH);
    assertThat(pages).hasSize(2);
    assertThat(gaps(pages)[0]).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void snsServerErrorsAreRetried() {
    FanoutResource.sns.failNext("/", 2, 500);

    invoke(event(alert(Severity.WARNING, AlertStatus.TRIGGERED))).then().statusCode(200);

    assertThat(FanoutResource.sns.requests("/")).hasSize(3);
  }

  @Test
  void pagerDutyDownFailsTheBatchNamingTheAlertAndNeverLogsTheRoutingKey() {
    FanoutResource.pagerDuty.answer(500, "{\"status\":\"unavailable\"}");
    Alert critical = alert(Severity.CRITICAL, AlertStatus.TRIGGERED);
    Alert warning = alert(Severity.WARNING, AlertStatus.TRIGGERED);
    String event = event(critical, warning);

    Response failed;
    String logs;
    try (LogCapture capture = new LogCapture()) {
      failed = invoke(event);
      logs = capture.text();
    }

    assertThat(failed.statusCode()).isNotEqualTo(200);
    assertThat(failed.asString()).contains(critical.alertId()).doesNotContain(ROUTING_KEY);
    // First attempt and three retries, then the batch fails.
    assertThat(awaitRequests(FanoutResource.pagerDuty, 4)).hasSize(4);
    assertThat(logs).contains(critical.alertId()).contains("HTTP 500");
    assertThat(logs).doesNotContain(ROUTING_KEY);
    // Everything else in the batch was delivered once.
    assertThat(snsPublishes())
        .extracting(p -> p.get("TopicArn"))
        .containsExactlyInAnyOrder(CRITICAL_TOPIC, MONITORING_TOPIC);

    // PagerDuty is back; the event source mapping retries the same batch.
    FanoutResource.reset();
    Response retried = invoke(event);

    retried.then().statusCode(200);
    assertThat(retried.jsonPath().getInt("delivered")).isEqualTo(1);
    assertThat(retried.jsonPath().getInt("alreadyDelivered")).isEqualTo(2);
    assertThat(FanoutResource.pagerDuty.requests(EVENTS_PATH)).hasSize(1);
    assertThat(snsPublishes()).isEmpty();
  }

  @Test
  void hangingPagerDutyTimesOutIsRetriedAndFailsTheBatch() {
    FanoutResource.pagerDuty.hang(EVENTS_PATH, 6000);
    Alert critical = alert(Severity.CRITICAL, AlertStatus.TRIGGERED);

    Response failed = invoke(event(critical));

    assertThat(failed.statusCode()).isNotEqualTo(200);
    assertThat(failed.asString()).contains(critical.alertId()).contains("did not answer");
    // The receiver logs a request once it has answered it, after the client gave up waiting.
    assertThat(awaitRequests(FanoutResource.pagerDuty, 4)).hasSize(4);
  }

  @Test
  void redeliveredBatchNotifiesNobodyTwice() {
    String event =
        event(
            alert(Severity.CRITICAL, AlertStatus.TRIGGERED),
            alert(Severity.WARNING, AlertStatus.TRIGGERED));
    invoke(event).then().statusCode(200);
    FanoutResource.reset();

    Response again = invoke(event);

    again.then().statusCode(200);
    assertThat(again.jsonPath().getInt("alreadyDelivered")).isEqualTo(3);
    assertThat(FanoutResource.pagerDuty.requests()).isEmpty();
    assertThat(FanoutResource.sns.requests()).isEmpty();
  }

  @Test
  void awsSampleRecordIsNoAlertAndFailsTheBatchNamingItsPosition() {
    Response failed = invoke(MskEvents.awsSample());

    assertThat(failed.statusCode()).isNotEqualTo(200);
    assertThat(failed.asString()).contains("mytopic-0@15").contains("not an alert");
    assertThat(FanoutResource.pagerDuty.requests()).isEmpty();
    assertThat(FanoutResource.sns.requests()).isEmpty();
  }

  @Test
  void goodAlertsAroundAnUnreadableRecordAreStillDelivered() {
    Alert before = alert(Severity.WARNING, AlertStatus.TRIGGERED);
    Alert after = alert(Severity.WARNING, AlertStatus.TRIGGERED);
    List<Rec> records = new ArrayList<>();
    records.add(Rec.json(Topics.ALERTS, 0, 1, T, "m-1", before));
    records.add(
        new Rec(Topics.ALERTS, 0, 2, T, "m-1", "not json".getBytes(StandardCharsets.UTF_8)));
    records.add(Rec.json(Topics.ALERTS, 0, 3, T, "m-1", after));

    Response failed = invoke(MskEvents.build(records));

    assertThat(failed.statusCode()).isNotEqualTo(200);
    assertThat(failed.asString()).contains("iot-alerts-0@2");
    assertThat(snsPublishes()).hasSize(2);
  }

  static Alert alert(Severity severity, AlertStatus status) {
    return alert("m-1", severity, status);
  }

  static Alert alert(String sensorId, Severity severity, AlertStatus status) {
    return new Alert(
        sensorId + ":POWER_THEFT:" + UUID.randomUUID(),
        sensorId,
        "smart-meter",
        "POWER_THEFT",
        severity,
        status,
        "power_w",
        T,
        T + 1000,
        "Suspected power theft on m-1: 1-minute average 410.0 W is 0.33 of the 1-hour baseline",
        Map.of("currentAvgW", 410.0, "baselineAvgW", 1240.0, "ratio", 0.33),
        "c-42",
        "1 Grid Street, Springfield",
        "ACTIVE",
        52.52,
        13.405);
  }

  @Test
  void alertsOfManySensorsAreAllDeliveredOnceAndEachSensorKeepsItsOrder() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    for (int sensor = 0; sensor < 6; sensor++) {
      for (int episode = 0; episode < 2; episode++) {
        Alert triggered = alert("s-" + sensor, Severity.CRITICAL, AlertStatus.TRIGGERED);
        alerts.add(triggered);
        alerts.add(withStatus(triggered, AlertStatus.RESOLVED));
      }
    }

    Response response = invoke(event(alerts.toArray(new Alert[0])));

    response.then().statusCode(200);
    assertThat(response.jsonPath().getInt("delivered")).isEqualTo(48);
    List<LoggedRequest> pages = FanoutResource.pagerDuty.requests(EVENTS_PATH);
    assertThat(pages).hasSize(24);
    List<String> actions = new ArrayList<>();
    for (LoggedRequest page : pages) {
      JsonNode json = ContractJson.mapper().readTree(page.getBodyAsString());
      actions.add(json.get("dedup_key").asText() + " " + json.get("event_action").asText());
    }
    for (int i = 0; i < alerts.size(); i += 2) {
      String id = alerts.get(i).alertId();
      assertThat(actions.indexOf(id + " trigger"))
          .isNotNegative()
          .isLessThan(actions.indexOf(id + " resolve"));
    }
    assertThat(snsPublishes()).hasSize(24);
  }

  @Test
  void pagerDutyDownFailsEverySensorsPageButStillPublishesToSns() {
    FanoutResource.pagerDuty.answer(503, "{\"status\":\"unavailable\"}");
    Alert a = alert("d-1", Severity.CRITICAL, AlertStatus.TRIGGERED);
    Alert b = alert("d-2", Severity.CRITICAL, AlertStatus.TRIGGERED);
    Alert c = alert("d-3", Severity.CRITICAL, AlertStatus.TRIGGERED);

    Response failed = invoke(event(a, b, c));

    assertThat(failed.statusCode()).isNotEqualTo(200);
    assertThat(failed.asString()).contains(a.alertId(), b.alertId(), c.alertId());
    // At most one retry sequence per lane running when PagerDuty was found down.
    assertThat(awaitRequests(FanoutResource.pagerDuty, 4)).hasSizeBetween(4, 12);
    assertThat(snsPublishes()).hasSize(3);
  }

  static Alert withStatus(Alert a, AlertStatus status) {
    return new Alert(
        a.alertId(),
        a.sensorId(),
        a.deviceType(),
        a.type(),
        a.severity(),
        status,
        a.metric(),
        a.eventTime() + 60000,
        a.detectedAt() + 60000,
        a.summary(),
        a.evidence(),
        a.customerId(),
        a.address(),
        a.accountStatus(),
        a.lat(),
        a.lon());
  }

  static String event(Alert... alerts) {
    List<Rec> records = new ArrayList<>();
    for (int i = 0; i < alerts.length; i++) {
      records.add(Rec.json(Topics.ALERTS, 1, 100 + i, T, alerts[i].sensorId(), alerts[i]));
    }
    return MskEvents.build(records);
  }

  static Response invoke(String event) {
    return given().contentType("application/json").body(event).when().post();
  }

  /** The SNS Publish calls received, each as its decoded form parameters. */
  static List<Map<String, String>> snsPublishes() {
    List<Map<String, String>> publishes = new ArrayList<>();
    for (LoggedRequest request : FanoutResource.sns.requests("/")) {
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : request.getBodyAsString().split("&")) {
        int eq = pair.indexOf('=');
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      if ("Publish".equals(form.get("Action"))) {
        publishes.add(form);
      }
    }
    return publishes;
  }

  /** MessageAttributes.entry.N.Name / .Value.StringValue as a map. */
  static Map<String, String> attributes(Map<String, String> form) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
      attributes.put(
          form.get("MessageAttributes.entry." + n + ".Name"),
          form.get("MessageAttributes.entry." + n + ".Value.StringValue"));
    }
    return attributes;
  }

  /**
   * The PagerDuty requests once at least {@code expected} were logged (WireMock logs a request when
   * it has answered it, which can be after a client timed out), or what is there after 20 s.
   */
  private static List<LoggedRequest> awaitRequests(
      dev.iotpipeline.testsupport.HttpReceiver receiver, int expected) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    List<LoggedRequest> requests = receiver.requests(EVENTS_PATH);
    while (requests.size() < expected && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      requests = receiver.requests(EVENTS_PATH);
    }
    return requests;
  }

  private static long[] gaps(List<LoggedRequest> requests) {
    long[] gaps = new long[requests.size() - 1];
    for (int i = 1; i < requests.size(); i++) {
      gaps[i - 1] =
          requests.get(i).getLoggedDate().getTime() - requests.get(i - 1).getLoggedDate().getTime();
    }
    return gaps;
  }
}
