package dev.iotpipeline.streams.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.contracts.WindowSchemas;
import dev.iotpipeline.contracts.WindowTopics;
import dev.iotpipeline.streams.config.BoundedRocksDbMemory;
import dev.iotpipeline.testsupport.EmbeddedKafka;
import dev.iotpipeline.testsupport.KafkaResource;
import dev.iotpipeline.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The whole service on the real embedded broker and PostgreSQL: registry API to GlobalKTable,
 * readings in, aggregates and enriched alerts out (read_committed), alerts stored and queryable.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class StreamsServiceIntegrationTest {

  @TestHTTPResource("/api/stream")
  URL streamUrl;

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long WINDOW = 300_000;

  private static String json(Object value) {
    try {
      return ContractJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T parse(String json, Class<T> type) {
    try {
      return ContractJson.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sendReading(String sensorId, String metric, double value, long eventTime) {
    CanonicalReading reading =
        new CanonicalReading(
            sensorId,
            "smart-meter",
            metric,
            value,
            null,
            eventTime,
            eventTime,
            null,
            new Source(Protocol.HTTP, null, "/telemetry", null, null));
    Map<String, String> record = new LinkedHashMap<>();
    record.put(sensorId, json(reading));
    EmbeddedKafka.start().send(Topics.RAW_EVENTS, record);
  }

  private static void putDevice(String sensorId, String customerId) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"sensorId\":\""
                + sensorId
                + "\",\"deviceType\":\"smart-meter\",\"customerId\":\""
                + customerId
                + "\",\"address\":\"1 Grid Rd\",\"accountStatus\":\"ACTIVE\",\"lat\":52.5,\"lon\":13.4}")
        .put("/api/devices/" + sensorId)
        .then()
        .statusCode(200)
        .body("customerId", equalTo(customerId));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/sensors/" + sensorId)
                    .then()
                    .statusCode(200)
                    .body("enrichment.customerId", equalTo(customerId)));
  }

  private static Map<String, Object> byId(List<Map<String, Object>> sensors, String sensorId) {
    return sensors.stream()
        .filter(s -> sensorId.equals(s.get("sensorId")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(sensorId + " not listed in " + sensors));
  }

  /**
   * Collects Server-Sent Events as {event name, data} pairs (one data line per event here: the
   * server writes JSON without line breaks).
   */
  private static final class SseEvents implements Flow.Subscriber<String> {
    private final List<String[]> events;
    private String name = "message";
    private StringBuilder data = new StringBuilder();

    SseEvents(List<String[]> events) {
      this.events = events;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          events.add(new String[] {name, data.toString()});
        }
        name = "message";
        data = new StringBuilder();
      } else if (line.startsWith("event:")) {
        name = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()).strip());
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // Kept as an event, so an assertion that waits for events shows why none came.
      events.add(new String[] {"error", String.valueOf(throwable)});
    }

    @Override
    public void onComplete() {}
  }

  /** The records of one key on a topic, once at least {@code expected} arrived. */
  private static List<ConsumerRecord<String, String>> awaitRecords(
      String topic, String key, int expected) {
    return awaitRecords(topic, key, expected, () -> {});
  }

  /** The same, running {@code beforeEachPoll} before every read of the topic. */
  private static List<ConsumerRecord<String, String>> awaitRecords(
      String topic, String key, int expected, Runnable beforeEachPoll) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              beforeEachPoll.run();
              return EmbeddedKafka.start()
                  .read(topic, Integer.MAX_VALUE, Duration.ofSeconds(2))
                  .stream()
                  .filter(r -> key.equals(r.key()))
                  .toList();
            },
            records -> records.size() >= expected);
  }

  private static List<Alert> alertsOf(String sensorId, int expected) {
    return EmbeddedKafka.start().read(Topics.ALERTS, 1000, Duration.ofSeconds(1)).stream()
        .filter(r -> sensorId.equals(r.key()))
        .map(r -> parse(r.value(), Alert.class))
        .toList();
  }

  @Test
  void theRocksDbStoresRunInTheSharedMemoryBudget() {
    // Stores open when the topology runs, which every other test here waits for as well.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(BoundedRocksDbMemory.budget())
                    .as("the shipped rocksdb.config.setter made the one cache, 256 MiB by default")
                    .isEqualTo(256L * 1024 * 1024));
  }

  @Test
  void readingsBecomeAggregatesAndEnrichedAlertsThatAreStoredAndQueryable() {
    String sensor = "it-meter-1";
    putDevice(sensor, "cust-1");
    long t = EventTimes.reserve(Duration.ofMillis(2 * WINDOW));

    sendReading(sensor, "power_w", 16_000, t);
    sendReading(sensor, "power_w", 1_000, t + 1_000);
    sendReading(sensor, "power_w", 1_000, t + WINDOW + 5_000); // closes the first window

    List<ConsumerRecord<String, String>> aggregates = awaitRecords(Topics.AGGREGATES_5M, sensor, 1);
    assertThat(aggregates).hasSize(1);
    WindowAggregate aggregate = parse(aggregates.get(0).value(), WindowAggregate.class);
    assertThat(aggregate.sensorId()).isEqualTo(sensor);
    assertThat(aggregate.count()).isEqualTo(2);
    assertThat(aggregate.max()).isEqualTo(16_000);

    await().atMost(WAIT).until(() -> !alertsOf(sensor, 1).isEmpty());
    Alert alert = alertsOf(sensor, 1).get(0);
    assertThat(alert.type()).isEqualTo("THRESHOLD");
    assertThat(alert.severity().name()).isEqualTo("CRITICAL");
    assertThat(alert.customerId()).isEqualTo("cust-1");
    assertThat(alert.lat()).isEqualTo(52.5);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .queryParam("sensor", sensor)
                    .queryParam("type", "THRESHOLD")
                    .queryParam("severity", "critical")
                    .get("/api/alerts")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items[0].alertId", equalTo(alert.alertId()))
                    .body("items[0].customerId", equalTo("cust-1")));

    given()
        .get("/api/sensors/" + sensor)
        .then()
        .statusCode(200)
        .body("registry.customerId", equalTo("cust-1"))
        .body("latestAggregates[0].count", equalTo(2))
        .body("latestAggregates[0].windowStart", equalTo(t));

    // The reading 305 s later was back within bounds for longer than the hold time: resolved.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .queryParam("sensor", sensor)
                    .queryParam("status", "RESOLVED")
                    .get("/api/alerts")
                    .then()
                    .body("total", equalTo(1))
                    .body("items[0].alertId", equalTo(alert.alertId()))
                    .body("items[0].resolvedAt", equalTo(t + WINDOW + 5_000)));
    given().get("/api/sensors/" + sensor).then().body("openAlerts.size()", equalTo(0));
  }

  @Test
  void countsByRegionAreReadBackFromTheBrokerFinalPerMinute() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"sensorId\":\"it-region-1\",\"deviceType\":\"smart-meter\","
                + "\"address\":\"5 Test Road, Itville\"}")
        .put("/api/devices/it-region-1")
        .then()
        .statusCode(200);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/sensors/it-region-1")
                    .then()
                    .body("enrichment.address", equalTo("5 Test Road, Itville")));
    long t = EventTimes.reserve(Duration.ofMinutes(5));

    sendReading("it-region-1", "power_w", 100, t);
    sendReading("it-region-1", "voltage_v", 230, t + 10_000);
    sendReading("it-region-1", "power_w", 100, t + 59_999);
    // Stream time t + 65 s closes [t, t+1m) in the task: its partial count goes out. The sum is
    // emitted when the partial of a later window arrives (decision 0315), and emit-on-close looks
    // for closed windows at most once per wall-clock second (decision 0313): each poll sends a
    // reading one window later, so that each closes a window and sends a partial.
    AtomicLong next = new AtomicLong(t + 65_000);
    List<RegionCount> counts =
        awaitRecords(
                WindowTopics.COUNTS_BY_REGION,
                "Itville",
                1,
                () ->
                    sendReading(
                        "it-region-1",
                        "power_w",
                        100,
                        next.getAndUpdate(n -> Math.min(n + 60_000, t + 299_999))))
            .stream()
            .map(r -> parse(r.value(), RegionCount.class))
            .filter(c -> c.windowStart() == t)
            .toList();
    assertThat(counts).containsExactly(new RegionCount("Itville", t, t + 60_000, 3));
    assertThat(WindowSchemas.get().validate(WindowSchemas.REGION_COUNT, counts.get(0))).isEmpty();
  }

  @Test
  void liveStreamDeliversAnAlertProducedOnTheBrokerAndStatsEverySecond() throws Exception {
    String sensor = "it-sse-1";
    putDevice(sensor, "cust-sse");
    List<String[]> events = new CopyOnWriteArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<Void>> stream =
        client.sendAsync(
            HttpRequest.newBuilder(streamUrl.toURI()).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.fromLineSubscriber(new SseEvents(events)));
    try {
      // Subscribed once the first stats tick arrived: alerts published from now on reach us.
      await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e[0].equals("stats")));

      long t = EventTimes.reserve(Duration.ofMinutes(1));
      sendReading(sensor, "power_w", 16_000, t);

      await()
          .atMost(WAIT)
          .until(
              () ->
                  events.stream()
                      .anyMatch(e -> e[0].equals("alert") && e[1].contains("\"" + sensor + "\"")));
      Alert alert =
          events.stream()
              .filter(e -> e[0].equals("alert") && e[1].contains("\"" + sensor + "\""))
              .map(e -> parse(e[1], Alert.class))
              .findFirst()
              .orElseThrow();
      assertThat(alert.type()).isEqualTo("THRESHOLD");
      assertThat(alert.severity().name()).isEqualTo("CRITICAL");
      assertThat(alert.eventTime()).isEqualTo(t);
      assertThat(alert.customerId()).isEqualTo("cust-sse");
      String stats = events.stream().filter(e -> e[0].equals("stats")).findFirst().orElseThrow()[1];
      assertThat(ContractJson.mapper().readTree(stats).has("streamsState")).isTrue();
    } finally {
      stream.cancel(true);
    }
  }

  @Test
  void sensorListShowsRegisteredAndReportingSensorsWithOpenAlertsUpToTheLimit() {
    String registered = "it-list-a";
    String unregistered = "it-list-unregistered";
    putDevice(registered, "cust-list");
    long t = EventTimes.reserve(Duration.ofMinutes(1));
    sendReading(registered, "power_w", 16_000, t); // CRITICAL THRESHOLD, stays open
    sendReading(unregistered, "power_w", 100, t + 1_000);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Map<String, Object>> sensors =
                  given()
                      .queryParam("limit", 1000)
                      .get("/api/sensors")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("$");
              Map<String, Object> a = byId(sensors, registered);
              assertThat(a)
                  .containsEntry("deviceType", "smart-meter")
                  .containsEntry("lat", 52.5f)
                  .containsEntry("lon", 13.4f)
                  .containsEntry("lastEventTime", t)
                  .containsEntry("openAlerts", 1);
              Map<String, Object> u = byId(sensors, unregistered);
              assertThat(u)
                  .containsEntry("deviceType", "smart-meter")
                  .containsEntry("lastEventTime", t + 1_000)
                  .containsEntry("openAlerts", 0);
              assertThat(u.get("lat")).isNull();
            });

    given()
        .queryParam("limit", 1)
        .get("/api/sensors")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1));
    given().queryParam("limit", 0).get("/api/sensors").then().statusCode(400);
    given().queryParam("limit", 1001).get("/api/sensors").then().statusCode(400);
  }

  @Test
  void registryChangeReachesTheEnrichmentOfLaterAlerts() {
    String sensor = "it-meter-2";
    putDevice(sensor, "cust-old");
    long t = EventTimes.reserve(Duration.ofMinutes(1));
    sendReading(sensor, "power_w", 16_000, t);
    await().atMost(WAIT).until(() -> !alertsOf(sensor, 1).isEmpty());

    putDevice(sensor, "cust-new");
    sendReading(sensor, "voltage_v", 150, t + 1_000);

    await().atMost(WAIT).until(() -> alertsOf(sensor, 2).size() >= 2);
    List<Alert> alerts = alertsOf(sensor, 2);
    assertThat(alerts).extracting(Alert::metric).containsExactly("power_w", "voltage_v");
    assertThat(alerts).extracting(Alert::customerId).containsExactly("cust-old", "cust-new");
  }

  @Test
  void replayedAlertsDoNotDuplicateAndResolvedUpdatesTheRow() {
    Alert triggered =
        new Alert(
            "it-3:THRESHOLD:power_w:1000",
            "it-3",
            "smart-meter",
            "THRESHOLD",
            dev.iotpipeline.contracts.Severity.WARNING,
            AlertStatus.TRIGGERED,
            "power_w",
            1000,
            2000,
            "it-3: power_w beyond its WARNING bound",
            Map.of("value", 13000.0),
            null,
            null,
            null,
            null,
            null);
    Alert resolved =
        new Alert(
            triggered.alertId(),
            "it-3",
            "smart-meter",
            "THRESHOLD",
            dev.iotpipeline.contracts.Severity.WARNING,
            AlertStatus.RESOLVED,
            "power_w",
            9000,
            9500,
            "it-3: ended",
            Map.of("value", 10.0),
            null,
            null,
            null,
            null,
            null);
    EmbeddedKafka.start().send(Topics.ALERTS, Map.of("it-3", json(triggered)));
    EmbeddedKafka.start().send(Topics.ALERTS, Map.of("it-3", json(triggered)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .queryParam("sensor", "it-3")
                    .get("/api/alerts")
                    .then()
                    .body("total", equalTo(1))
                    .body("items[0].status", equalTo("TRIGGERED")));

    EmbeddedKafka.start().send(Topics.ALERTS, Map.of("it-3", json(resolved)));
    EmbeddedKafka.start().send(Topics.ALERTS, Map.of("it-3", json(triggered))); // late replay

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .queryParam("sensor", "it-3")
                    .queryParam("status", "RESOLVED")
                    .get("/api/alerts")
                    .then()
                    .body("total", equalTo(1))
                    .body("items[0].resolvedAt", equalTo(9000))
                    .body("items[0].eventTime", equalTo(1000)));
    given().queryParam("sensor", "it-3").get("/api/alerts").then().body("total", equalTo(1));
  }

  @Test
  void poisonRecordBecomesADeadLetterAndTheStreamKeepsRunning() {
    EmbeddedKafka.start().send(Topics.RAW_EVENTS, Map.of("it-poison", "{not a reading"));

    await()
        .atMost(WAIT)
        .until(
            () ->
                EmbeddedKafka.start().read(Topics.DLQ, 100, Duration.ofSeconds(1)).stream()
                    .anyMatch(r -> "it-poison".equals(r.key())));
    ConsumerRecord<String, String> record =
        EmbeddedKafka.start().read(Topics.DLQ, 100, Duration.ofSeconds(1)).stream()
            .filter(r -> "it-poison".equals(r.key()))
            .findFirst()
            .orElseThrow();
    DeadLetter letter = parse(record.value(), DeadLetter.class);
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION_ERROR);
    assertThat(letter.stage()).isEqualTo("streams");
    assertThat(ContractSchemas.get().validate(ContractSchema.DEAD_LETTER, letter)).isEmpty();
    given()
        .get("/api/stats")
        .then()
        .body("dlqByReason.DESERIALIZATION_ERROR", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
        .body("streamsState", equalTo("RUNNING"))
        .body("instances", equalTo(1)); // alone: no application.server, nobody else asked
  }

  @Test
  void invalidDevicesAndQueriesAreBadRequestsWithAMessage() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"sensorId\":\"d-1\",\"deviceType\":\"smart-meter\",\"lat\":123}")
        .post("/api/devices")
        .then()
        .statusCode(400)
        .body("error", containsString("lat"));
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/api/devices")
        .then()
        .statusCode(400)
        .body("error", containsString("Malformed JSON"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"sensorId\":\"d-2\",\"deviceType\":\"smart-meter\"}")
        .put("/api/devices/other")
        .then()
        .statusCode(400)
        .body("error", containsString("does not match"));
    given().queryParam("severity", "LOUD").get("/api/alerts").then().statusCode(400);
    given().queryParam("size", 0).get("/api/alerts").then().statusCode(400);
  }

  @Test
  void settingsChangeAtRuntimeAndRejectInvalidValues() {
    Map<String, Object> settings =
        given().get("/api/settings").then().statusCode(200).extract().jsonPath().getMap("$");
    assertThat(settings).containsEntry("anomalySigma", 4.0f);
    Map<String, Object> changed = new LinkedHashMap<>(settings);
    changed.put("theftRatio", 0.4);
    given()
        .contentType(ContentType.JSON)
        .body(changed)
        .put("/api/settings")
        .then()
        .statusCode(200)
        .body("theftRatio", equalTo(0.4f));
    changed.put("theftRatio", 1.5);
    given()
        .contentType(ContentType.JSON)
        .body(changed)
        .put("/api/settings")
        .then()
        .statusCode(400)
        .body("error", containsString("theftRatio"));
    changed.put("theftRatio", settings.get("theftRatio"));
    given().contentType(ContentType.JSON).body(changed).put("/api/settings").then().statusCode(200);
  }

  @Test
  void healthStatsAndOpenApiAreServed() {
    await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    given().get("/api/stats").then().statusCode(200).body("streamsState", equalTo("RUNNING"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/alerts"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("pipeline_readings"));
  }
}
