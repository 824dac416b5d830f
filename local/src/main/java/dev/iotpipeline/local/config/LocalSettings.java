package dev.iotpipeline.local.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the local pipeline, read from {@code -Dlocal.*} system properties (also when
 * they were given to Maven: the launcher started by {@code -Prun} reads them from Maven's command
 * line). A value that does not parse stops start-up with a message naming the setting.
 */
public final class LocalSettings {

  private final Map<String, String> values;

  private LocalSettings(Map<String, String> values) {
    this.values = values;
  }

  /** The system properties, plus {@code -Dlocal.*} arguments of the Maven command that runs us. */
  public static LocalSettings fromEnvironment() {
    Map<String, String> values = new HashMap<>();
    String mavenArgs = System.getenv("MAVEN_CMD_LINE_ARGS");
    if (mavenArgs != null) {
      for (String token : mavenArgs.trim().split("\\s+")) {
        // Simple values only: Maven's variable joins its arguments with spaces, so a value with
        // spaces (local.simulator.args) comes as a system property from the run profile instead.
        if (token.startsWith("-Dlocal.") && token.contains("=")) {
          int eq = token.indexOf('=');
          values.put(token.substring(2, eq), token.substring(eq + 1));
        }
      }
    }
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("local.") && !system.getProperty(name).isEmpty()) {
        values.put(name, system.getProperty(name));
      }
    }
    return new LocalSettings(values);
  }

  /** For tests and sub-commands: exactly these values, defaults for the rest. */
  public static LocalSettings of(Map<String, String> values) {
    return new LocalSettings(new HashMap<>(values));
  }

  /** The repository root: where the built jars are ({@code local.repo-root}). */
  public Path repoRoot() {
    String configured = values.get("local.repo-root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("local"))) {
        return p;
      }
    }
    return dir;
  }

  /**
   * The one folder that holds every component's data; survives restarts ({@code local.data-dir}).
   */
  public Path dataDir() {
    String configured = values.get("local.data-dir");
    return configured == null || configured.isBlank()
        ? repoRoot().resolve(".pipeline-data")
        : Path.of(configured).toAbsolutePath().normalize();
  }

  /** HTTP gateway: telemetry, dashboard, /local API ({@code local.http.port}). */
  public int httpPort() {
    return port("local.http.port", 8080);
  }

  /** The streams-service's own HTTP port behind the gateway ({@code local.streams.port}). */
  public int streamsPort() {
    return port("local.streams.port", 8081);
  }

  /** Kafka client listener ({@code local.kafka.port}). */
  public int kafkaPort() {
    return port("local.kafka.port", 9092);
  }

  /** Kafka KRaft controller listener ({@code local.kafka.controller-port}). */
  public int kafkaControllerPort() {
    return port("local.kafka.controller-port", 9093);
  }

  /** Partitions of each pipeline topic ({@code local.kafka.partitions}). */
  public int kafkaPartitions() {
    return integer("local.kafka.partitions", 2);
  }

  /** PostgreSQL ({@code local.postgres.port}); not 5432, so a system PostgreSQL does not clash. */
  public int postgresPort() {
    return port("local.postgres.port", 15432);
  }

  /** S3-compatible store ({@code local.s3.port}). */
  public int s3Port() {
    return port("local.s3.port", 8333);
  }

  /** MQTT broker, the IoT Core stand-in ({@code local.mqtt.port}). */
  public int mqttPort() {
    return port("local.mqtt.port", 1883);
  }

  /** CoAP endpoint, UDP ({@code local.coap.port}). */
  public int coapPort() {
    return port("local.coap.port", 5683);
  }

  /** Start the device simulator with the pipeline ({@code local.simulator}). */
  public boolean simulator() {
    return bool("local.simulator", true);
  }

  /** Extra simulator options, as on its command line ({@code local.simulator.args}). */
  public String simulatorArgs() {
    return values.getOrDefault("local.simulator.args", "");
  }

  /** Open the dashboard in a browser when one is available ({@code local.open-browser}). */
  public boolean openBrowser() {
    return bool("local.open-browser", true);
  }

  /** Ingest function processes polling the same runtime API ({@code local.ingest.concurrency}). */
  public int ingestConcurrency() {
    return integer("local.ingest.concurrency", 2);
  }

  /** Event source mapping: records per batch at most ({@code local.esm.batch-size}). */
  public int esmBatchSize() {
    return integer("local.esm.batch-size", 100);
  }

  /**
   * Event source mapping: how long to gather a batch, ms ({@code local.esm.batching-window-ms}).
   */
  public int esmBatchingWindowMs() {
    return integer("local.esm.batching-window-ms", 500);
  }

  /** Event source mapping: retries of a failed batch ({@code local.esm.max-retries}). */
  public int esmMaxRetries() {
    return integer("local.esm.max-retries", 2);
  }

  /** Lambda timeout in seconds ({@code local.lambda.timeout-s}). */
  public int lambdaTimeoutSeconds() {
    return integer("local.lambda.timeout-s", 30);
  }

  /** Heap of each function/service process ({@code local.process.xmx}). */
  public String processHeap() {
    return values.getOrDefault("local.process.xmx", "384m");
  }

  /** Seconds to wait for a subprocess to become ready ({@code local.startup-timeout-s}). */
  public int startupTimeoutSeconds() {
    return integer("local.startup-timeout-s", 180);
  }

  /** Any raw value (for settings passed through to subprocesses). */
  public String raw(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  private int port(String key, int fallback) {
    int port = integer(key, fallback);
    if (port < 0 || port > 65535) {
      throw new SettingException(key, "must be a port number between 0 and 65535, was " + port);
    }
    return port;
  }

  private int integer(String key, int fallback) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new SettingException(key, "must be a whole number, was '" + value + "'");
    }
  }

  private boolean bool(String key, boolean fallback) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase()) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new SettingException(key, "must be true or false, was '" + value + "'");
    };
  }
}
