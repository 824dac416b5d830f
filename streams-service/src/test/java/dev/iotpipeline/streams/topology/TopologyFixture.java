package dev.iotpipeline.streams.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.contracts.LateReading;
import dev.iotpipeline.contracts.PresenceOrigin;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.contracts.WindowTopics;
import dev.iotpipeline.streams.config.LiveSettings;
import dev.iotpipeline.streams.config.PipelineConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The production topology ({@link TelemetryTopology#buildTopology()}) in a TopologyTestDriver with
 * test configuration, JSON on the topics as on the real ones, fixed event times and a mocked wall
 * clock.
 */
final class TopologyFixture implements AutoCloseable {

  /** An event time aligned to a 5-minute window (and a 15 s pane). */
  static final long T0 = 1_764_000_000_000L;

  static final long WALL0 = 1_764_100_000_000L;

  static final String APPLICATION_ID = "topology-test";

  static final Source SOURCE = new Source(Protocol.MQTT, null, "dt/x/y/telemetry", null, null);

  final TopologyTestDriver driver;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final LiveSettings settings;
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final TestInputTopic<String, String> raw;
  final TestInputTopic<String, String> presence;
  final TestInputTopic<String, String> registry;
  final TestOutputTopic<String, String> aggregates;
  final TestOutputTopic<String, String> late;
  final TestOutputTopic<String, String> alerts;
  final TestOutputTopic<String, String> countsByRegion;
  final TestOutputTopic<String, String> hoppingAggregates;
  final TestOutputTopic<String, String> sessions;

  private TopologyFixture(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("pipeline.detection.thresholds.smart-meter.power_w.warning-above", "12000");
    props.put("pipeline.detection.thresholds.smart-meter.power_w.critical-above", "15000");
    // RocksDB flushes on every driver commit (one per record): memory keeps the tests fast.
    props.put("pipeline.stores.in-memory", "true");
    // The driver commits after every record: a cache would only add a flush per record.
    props.put("pipeline.stores.caching", "false");
    props.putAll(overrides);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(PipelineConfig.class)
            // Quarkus' own "5s"/"10m" duration syntax, as in application.properties.
            .withConverter(Duration.class, 100, new DurationConverter())
            .withSources(new PropertiesConfigSource(props, "test", 500))
            .build();
    PipelineConfig pipeline = config.getConfigMapping(PipelineConfig.class);
    settings = new LiveSettings(pipeline);
    TelemetryTopology topology = new TelemetryTopology(pipeline, settings, meters);

    Properties streams = new Properties();
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
    // The seed windows emit on window close at most once per second of wall-clock time (Kafka
    // Streams' throttle); the driver's clock stands still, so the tests emit on every record.
    streams.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
    streams.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class.getName());
    streams.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class.getName());
    streams.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Production.class.getName());
    streams.put(
        DeadLetterSink.CONFIG_KEY, (DeadLetterSink) (key, letter) -> deadLetters.add(letter));
    driver = new TopologyTestDriver(topology.buildTopology(), streams, Instant.ofEpochMilli(WALL0));

    StringSerializer ser = new StringSerializer();
    StringDeserializer de = new StringDeserializer();
    raw = driver.createInputTopic(Topics.RAW_EVENTS, ser, ser);
    presence = driver.createInputTopic(Topics.DEVICE_PRESENCE, ser, ser);
    registry = driver.createInputTopic(Topics.DEVICE_REGISTRY, ser, ser);
    aggregates = driver.createOutputTopic(Topics.AGGREGATES_5M, de, de);
    late = driver.createOutputTopic(Topics.LATE_EVENTS, de, de);
    alerts = driver.createOutputTopic(Topics.ALERTS, de, de);
    countsByRegion = driver.createOutputTopic(WindowTopics.COUNTS_BY_REGION, de, de);
    hoppingAggregates = driver.createOutputTopic(WindowTopics.AGGREGATES_HOPPING, de, de);
    sessions = driver.createOutputTopic(WindowTopics.DEVICE_SESSIONS, de, de);
  }

  static TopologyFixture start() {
    return new TopologyFixture(Map.of());
  }

  static TopologyFixture start(Map<String, String> overrides) {
    return new TopologyFixture(overrides);
  }

  private static String stateDir() {
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "ttd-").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CanonicalReading reading(
      String sensorId, String deviceType, String metric, double value, long eventTime) {
    return new CanonicalReading(
        sensorId, deviceType, metric, value, null, eventTime, eventTime, null, SOURCE);
  }

  /** Sends a reading with record timestamp = event time. */
  void send(CanonicalReading reading) {
    raw.pipeInput(reading.sensorId(), json(reading), reading.eventTime());
  }

  void send(String sensorId, String deviceType, String metric, double value, long eventTime) {
    send(reading(sensorId, deviceType, metric, value, eventTime));
  }

  void presence(String sensorId, boolean connected, long eventTime) {
    presence.pipeInput(
        sensorId,
        json(
            new DevicePresence(sensorId, connected, eventTime, PresenceOrigin.IOT_LIFECYCLE, null)),
        eventTime);
  }

  /**
   * Puts a partial region count on the partials' repartition topic, as another task of the same
   * application would: the driver runs every partition in one task, so this is how a test gets a
   * second task's partial. Stamped with its window start, as {@link RegionCountProcessor} does.
   */
  void sendPartial(RegionCount partial) {
    driver
        .createInputTopic(
            APPLICATION_ID + "-" + TelemetryTopology.COUNTS_BY_REGION_PARTIALS + "-repartition",
            new StringSerializer(),
            new StringSerializer())
        .pipeInput(partial.region(), json(partial), partial.windowStart());
  }

  void register(Device device) {
    registry.pipeInput(device.sensorId(), json(device));
  }

  void advanceWallClock(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  List<WindowAggregate> readAggregates() {
    return aggregates.readValuesToList().stream()
        .map(v -> parse(v, WindowAggregate.class))
        .toList();
  }

  List<LateReading> readLate() {
    return late.readValuesToList().stream().map(v -> parse(v, LateReading.class)).toList();
  }

  List<Alert> readAlerts() {
    return alerts.readValuesToList().stream().map(v -> parse(v, Alert.class)).toList();
  }

  List<RegionCount> readCountsByRegion() {
    return countsByRegion.readValuesToList().stream()
        .map(v -> parse(v, RegionCount.class))
        .toList();
  }

  List<WindowAggregate> readHoppingAggregates() {
    return hoppingAggregates.readValuesToList().stream()
        .map(v -> parse(v, WindowAggregate.class))
        .toList();
  }

  List<DeviceSession> readSessions() {
    return sessions.readValuesToList().stream().map(v -> parse(v, DeviceSession.class)).toList();
  }

  /** True when the seed-window topics hold nothing more and no dead letter was written. */
  boolean nothingElseInSeedWindows() {
    return countsByRegion.isEmpty()
        && hoppingAggregates.isEmpty()
        && sessions.isEmpty()
        && deadLetters.isEmpty();
  }

  /**
   * Drops what the driver captured on topics no test reads (changelogs, repartition topics). The
   * driver keeps every produced record until it is read, so a long run would fill the heap with
   * changelog records and spend its time collecting garbage.
   */
  void discardUnreadOutputs() {
    Set<String> read =
        Set.of(
            Topics.AGGREGATES_5M,
            Topics.LATE_EVENTS,
            Topics.ALERTS,
            WindowTopics.COUNTS_BY_REGION,
            WindowTopics.AGGREGATES_HOPPING,
            WindowTopics.DEVICE_SESSIONS);
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();
    for (String topic : driver.producedTopicNames()) {
      if (!read.contains(topic)) {
        driver.createOutputTopic(topic, bytes, bytes).readRecordsToList();
      }
    }
  }

  /** Kafka Streams' count of records its windowed aggregations skipped as late, in all tasks. */
  double droppedRecords() {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dropped-records-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  double counter(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** True when no output topic holds anything more and no dead letter was written. */
  boolean nothingElseEmitted() {
    return aggregates.isEmpty() && late.isEmpty() && alerts.isEmpty() && deadLetters.isEmpty();
  }

  static String json(Object value) {
    try {
      return ContractJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T parse(String json, Class<T> type) {
    try {
      return ContractJson.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
