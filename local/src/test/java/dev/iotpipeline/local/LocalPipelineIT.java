package dev.iotpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.local.component.Ports;
import dev.iotpipeline.local.config.LocalSettings;
import dev.iotpipeline.testsupport.EmbeddedS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole local pipeline as a black box, from the built jars of every module: the simulator
 * injects power theft; the alert must reach the PagerDuty and SNS receivers, the alert API and the
 * S3 archive; a malformed message must reach iot-dlq; every message must be accounted for; and the
 * dashboard in a real headless Chromium must show the alert. Free ports and a fresh data folder
 * under target/, so it runs next to a developer's own local pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPipelineIT {

  private static final Duration PATIENCE = Duration.ofMinutes(6);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private LocalPipeline pipeline;
  private String base;
  private int s3Port;
  private String theftMeter;
  private final AtomicReference<JsonNode> theftAlert = new AtomicReference<>();

  @BeforeAll
  void startThePipeline() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "it-pipeline-");
    s3Port = Ports.free();
    Map<String, String> values = new HashMap<>();
    values.put(
        "local.repo-root",
        System.getProperty(
            "local.repo-root", Path.of("..").toAbsolutePath().normalize().toString()));
    values.put("local.data-dir", data.toAbsolutePath().toString());
    values.put("local.http.port", String.valueOf(Ports.free()));
    values.put("local.streams.port", String.valueOf(Ports.free()));
    values.put("local.kafka.port", String.valueOf(Ports.free()));
    values.put("local.kafka.controller-port", String.valueOf(Ports.free()));
    values.put("local.postgres.port", String.valueOf(Ports.free()));
    values.put("local.s3.port", String.valueOf(s3Port));
    values.put("local.mqtt.port", String.valueOf(Ports.free()));
    values.put("local.coap.port", String.valueOf(Ports.free()));
    values.put("local.open-browser", "false");
    values.put("local.startup-timeout-s", "300");
    // A small fleet at full pace: half an hour of history behind the theft meter in seconds.
    values.put(
        "local.simulator.args",
        "--meters 5 --env-sensors 2 --protocols 50,25,25 --theft-meters 1 --theft-after-min 35"
            + " --theft-duration-min 600 --backfill-min 60 --compression 600"
            + " --malformed-rate 0.03 --seed 7");
    pipeline = LocalPipeline.start(LocalSettings.of(values));
    assertThat(pipeline.missing())
        .as("every module must be built before this test (the reactor builds them first)")
        .isEmpty();
    base = pipeline.dashboardUrl().replaceAll("/$", "");
    List<String> meters = pipeline.simulator().theftMeters();
    assertThat(meters).hasSize(1);
    theftMeter = meters.get(0);
  }

  @AfterAll
  void stopThePipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void injectedTheftRaisesACriticalAlertThatReachesTheAlertApi() {
    await("POWER_THEFT alert for " + theftMeter + " in GET /api/alerts")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () -> {
              for (JsonNode alert :
                  list(get("/api/alerts?sensorId=" + theftMeter + "&limit=100"))) {
                if ("POWER_THEFT".equals(alert.path("type").asText())
                    && theftMeter.equals(alert.path("sensorId").asText())) {
                  theftAlert.set(alert);
                  return true;
                }
              }
              return false;
            });
    JsonNode alert = theftAlert.get();
    assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(alert.path("alertId").asText()).isNotBlank();
    // Enriched from the registry the simulator filled through POST /api/devices.
    assertThat(alert.path("customerId").asText()).startsWith("c-");
  }

  @Test
  @Order(2)
  void theTheftAlertPagesPagerDutyAndPublishesToTheCriticalSnsTopic() {
    String alertId = requireAlert().path("alertId").asText();
    await("PagerDuty trigger with dedup_key " + alertId)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () -> {
              for (JsonNode request : list(get("/local/receivers/pagerduty?limit=500"))) {
                JsonNode event = ContractJson.mapper().readTree(request.path("body").asText());
                if (alertId.equals(event.path("dedup_key").asText())
                    && "trigger".equals(event.path("event_action").asText())) {
                  return true;
                }
              }
              return false;
            });
    await("SNS publish to the critical topic mentioning " + theftMeter)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () -> {
              for (JsonNode request : list(get("/local/receivers/sns?limit=500"))) {
                String all = request.toString();
                if (all.contains(LocalPipeline.SNS_CRITICAL) && all.contains(theftMeter)) {
                  return true;
                }
              }
              return false;
            });
  }

  @Test
  @Order(3)
  void theTheftAlertIsArchivedInS3() {
    String alertId = requireAlert().path("alertId").asText();
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
            .forcePathStyle(true)
            .region(Region.of(EmbeddedS3.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      await("an object under alerts/ in s3://" + LocalPipeline.BUCKET + " holding " + alertId)
          .atMost(PATIENCE)
          .pollInterval(Duration.ofSeconds(3))
          .ignoreExceptions()
          .until(
              () -> {
                for (S3Object object :
                    s3.listObjectsV2(b -> b.bucket(LocalPipeline.BUCKET).prefix("alerts/"))
                        .contents()) {
                  byte[] bytes =
                      s3.getObjectAsBytes(b -> b.bucket(LocalPipeline.BUCKET).key(object.key()))
                          .asByteArray();
                  if (text(bytes).contains(alertId)) {
                    return true;
                  }
                }
                return false;
              });
    }
  }

  @Test
  @Order(4)
  void aMalformedMessageIsRefusedWith400AndLandsInTheDeadLetterTopic() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/telemetry/smart-meter/it-broken-meter"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"power_w\": "))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    await("the dead letter of it-broken-meter in iot-dlq")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> get("/local/dlq?limit=500").toString().contains("it-broken-meter"));
  }

  @Test
  @Order(5)
  void theDashboardShowsTheTheftAlertInHeadlessChromium() {
    requireAlert();
    File driverBinary = new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    File browser = new File(System.getProperty("chromium", "/usr/bin/chromium"));
    assertThat(driverBinary.canExecute())
        .as("Chromium's driver at %s (apt-get install -y chromium chromium-driver)", driverBinary)
        .isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir="
            + Path.of("target/chromium-profile-" + System.nanoTime()).toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driverBinary).build();
    WebDriver driver = new ChromeDriver(service, options);
    try {
      driver.get(base + "/");
      new WebDriverWait(driver, Duration.ofSeconds(90))
          .until(
              d ->
                  !d.findElements(
                          By.cssSelector(
                              "#alerts tr.alert[data-type='POWER_THEFT'][data-sensor='"
                                  + theftMeter
                                  + "']"))
                      .isEmpty());
      new WebDriverWait(driver, Duration.ofSeconds(60))
          .until(
              d ->
                  !d.findElements(
                          By.cssSelector(
                              "#map circle.sensor.theft[data-sensor='" + theftMeter + "']"))
                      .isEmpty());
      assertThat(driver.findElement(By.id("c-received")).getText()).isNotEqualTo("–");
    } finally {
      driver.quit();
    }
  }

  @Test
  @Order(6)
  void everyMessageIsAccountedForOnceTheSimulatorPauses() throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(base + "/local/simulator"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"paused\": true}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    await("received = accepted + rejected, readings all in iot-raw-events, rejects in iot-dlq")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode stats = get("/local/stats");
              JsonNode edge = stats.path("edge");
              long received = edge.path("received").asLong();
              long accepted = edge.path("accepted").asLong();
              long rejected = edge.path("rejected").asLong();
              assertThat(edge.path("failed").asLong()).isZero();
              assertThat(received).isEqualTo(accepted + rejected);
              assertThat(rejected).as("malformed messages the simulator injected").isPositive();
              assertThat(stats.path("topics").path("iot-raw-events").asLong())
                  .isEqualTo(edge.path("readings").asLong());
              assertThat(stats.path("topics").path("iot-dlq").asLong())
                  .isGreaterThanOrEqualTo(rejected);
              assertThat(stats.path("simulator").path("counters").path("sent").asLong())
                  .isEqualTo(
                      edge.path("byProtocol").path("mqtt").asLong()
                          + edge.path("byProtocol").path("http").asLong()
                          + edge.path("byProtocol").path("coap").asLong()
                          - 1); // the malformed request this test posted itself
            });
  }

  private JsonNode requireAlert() {
    if (theftAlert.get() == null) {
      injectedTheftRaisesACriticalAlertThatReachesTheAlertApi();
    }
    return theftAlert.get();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return ContractJson.mapper().readTree(response.body());
  }

  private static List<JsonNode> list(JsonNode body) {
    if (body.isArray()) {
      return iterate(body);
    }
    for (String key : List.of("items", "alerts", "content", "data", "results")) {
      if (body.path(key).isArray()) {
        return iterate(body.path(key));
      }
    }
    return List.of();
  }

  private static List<JsonNode> iterate(JsonNode array) {
    List<JsonNode> list = new java.util.ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static String text(byte[] bytes) throws Exception {
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
