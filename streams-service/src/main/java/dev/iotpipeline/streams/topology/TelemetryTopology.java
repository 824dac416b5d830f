package dev.iotpipeline.streams.topology;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.LateReading;
import dev.iotpipeline.contracts.ThresholdBounds;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.config.LiveSettings;
import dev.iotpipeline.streams.config.PipelineConfig;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The whole streams topology, top to bottom:
 *
 * <ol>
 *   <li>the device registry (compacted {@code iot-device-registry}) as a GlobalKTable;
 *   <li>readings from {@code iot-raw-events}, stamped with their event time;
 *   <li>the lateness gate: readings whose window has closed go to {@code iot-late-events};
 *   <li>on-time readings: final 5-minute aggregates per sensor and metric to {@code
 *       iot-aggregates-5m};
 *   <li>connection state from {@code iot-device-presence};
 *   <li>detection (THRESHOLD, ANOMALY, POWER_THEFT, SILENCE), enriched from the registry, to {@code
 *       iot-alerts}.
 * </ol>
 *
 * Every store is named and changelogged; the stores of one sensor live in the task of its
 * partition, so every input topic keyed by sensorId must have the same partition count.
 */
@ApplicationScoped
public class TelemetryTopology {

  /** GlobalKTable of the registry. */
  public static final String REGISTRY_STORE = "device-registry";

  /** Stream time of the lateness gate and of the aggregation, per task. */
  public static final String STREAM_TIME_STORE = "stream-time";

  /** Open aggregate windows, keyed windowStart(hex)|sensorId|metric. */
  public static final String AGGREGATE_STORE = "aggregates-5m-open";

  /** The latest final aggregate per sensorId|metric (interactive queries). */
  public static final String LATEST_AGGREGATE_STORE = "aggregates-5m-latest";

  /** Connection and activity per device (interactive queries, SILENCE). */
  public static final String DEVICE_STATE_STORE = "device-state";

  /** Hour totals per sensorId|metric. */
  public static final String BASELINE_STORE = "baseline-summary";

  /** 15-second panes per sensorId|metric|pane. */
  public static final String PANE_STORE = "baseline-panes";

  /** Open alert episodes per sensorId:TYPE:metric. */
  public static final String EPISODE_STORE = "alert-episodes";

  static final Serde<String> KEYS = Serdes.String();
  static final Serde<CanonicalReading> READING = JsonSerde.of(CanonicalReading.class);
  static final Serde<DevicePresence> PRESENCE = JsonSerde.of(DevicePresence.class);
  static final Serde<Device> DEVICE = JsonSerde.of(Device.class);
  static final Serde<LateReading> LATE = JsonSerde.of(LateReading.class);
  static final Serde<WindowAggregate> AGGREGATE = JsonSerde.of(WindowAggregate.class);
  static final Serde<Alert> ALERT = JsonSerde.of(Alert.class);

  private final PipelineConfig config;
  private final LiveSettings settings;
  private final MeterRegistry meters;

  @Inject
  public TelemetryTopology(PipelineConfig config, LiveSettings settings, MeterRegistry meters) {
    this.config = config;
    this.settings = settings;
    this.meters = meters;
  }

  @Produces
  public Topology buildTopology() {
    TumblingWindows windows =
        new TumblingWindows(
            config.windows().size().toMillis(), config.windows().grace().toMillis());
    PipelineConfig.Detection detection = config.detection();
    StreamsBuilder builder = new StreamsBuilder();

    // 1. The registry: a local copy on every instance, so enrichment never calls the database.
    builder.globalTable(
        Topics.DEVICE_REGISTRY,
        Consumed.with(KEYS, DEVICE).withName("registry-source"),
        Materialized.<String, Device>as(supplier(REGISTRY_STORE))
            .withKeySerde(KEYS)
            .withValueSerde(DEVICE));

    builder.addStateStore(store(STREAM_TIME_STORE, Serdes.Long()));
    builder.addStateStore(store(AGGREGATE_STORE, StateSerdes.AGGREGATE_STATE));
    builder.addStateStore(store(LATEST_AGGREGATE_STORE, AGGREGATE));
    builder.addStateStore(store(DEVICE_STATE_STORE, StateSerdes.DEVICE_STATE));
    builder.addStateStore(store(BASELINE_STORE, StateSerdes.BASELINE_SUMMARY));
    builder.addStateStore(store(PANE_STORE, StateSerdes.PANE));
    builder.addStateStore(store(EPISODE_STORE, StateSerdes.EPISODE_STATE));

    // 2. Readings, timestamped with their event time.
    KStream<String, CanonicalReading> readings =
        builder.stream(
            Topics.RAW_EVENTS,
            Consumed.with(KEYS, READING)
                .withTimestampExtractor(new EventTimeExtractor())
                .withName("readings-source"));

    // 3. The lateness gate: late readings are routed and counted, never dropped silently.
    KStream<String, GatedReading> gated =
        readings.process(
            () ->
                new LateGateProcessor(
                    windows,
                    meters.counter("pipeline.readings.processed"),
                    meters.counter("pipeline.readings.late")),
            Named.as("late-gate"),
            STREAM_TIME_STORE);
    Map<String, KStream<String, GatedReading>> routes =
        gated
            .split(Named.as("readings-"))
            .branch((sensorId, gate) -> gate.late(), Branched.as("late"))
            .defaultBranch(Branched.as("on-time"));
    routes
        .get("readings-late")
        .mapValues(GatedReading::toLateReading, Named.as("to-late-reading"))
        .to(Topics.LATE_EVENTS, Produced.with(KEYS, LATE).withName("late-events-sink"));
    KStream<String, CanonicalReading> onTime =
        routes.get("readings-on-time").mapValues(GatedReading::reading, Named.as("on-time"));

    // 4. Final tumbling aggregates, one per sensor, metric and window.
    onTime
        .process(
            () ->
                new WindowAggregateProcessor(
                    windows, meters.counter("pipeline.aggregates.emitted")),
            Named.as("aggregate-5m"),
            AGGREGATE_STORE,
            LATEST_AGGREGATE_STORE,
            STREAM_TIME_STORE)
        .to(Topics.AGGREGATES_5M, Produced.with(KEYS, AGGREGATE).withName("aggregates-sink"));

    // 5. Connection state (latest event time wins).
    builder.stream(
            Topics.DEVICE_PRESENCE,
            Consumed.with(KEYS, PRESENCE)
                .withTimestampExtractor(new EventTimeExtractor())
                .withName("presence-source"))
        .process(PresenceProcessor::new, Named.as("presence"), DEVICE_STATE_STORE);

    // 6. Detection and enrichment.
    Map<String, Map<String, ThresholdBounds>> thresholds = thresholds(detection);
    onTime
        .process(
            () ->
                new DetectionProcessor(
                    settings,
                    thresholds,
                    detection.theftDeviceType(),
                    detection.theftMetric(),
                    detection.silenceCheckInterval(),
                    meters),
            Named.as("detect"),
            BASELINE_STORE,
            PANE_STORE,
            EPISODE_STORE,
            DEVICE_STATE_STORE)
        .to(Topics.ALERTS, Produced.with(KEYS, ALERT).withName("alerts-sink"));

    return builder.build();
  }

  private <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    StoreBuilder<KeyValueStore<String, V>> builder =
        Stores.keyValueStoreBuilder(supplier(name), KEYS, values).withLoggingEnabled(Map.of());
    return config.stores().caching() ? builder.withCachingEnabled() : builder.withCachingDisabled();
  }

  private KeyValueBytesStoreSupplier supplier(String name) {
    return config.stores().inMemory()
        ? Stores.inMemoryKeyValueStore(name)
        : Stores.persistentKeyValueStore(name);
  }

  private static Map<String, Map<String, ThresholdBounds>> thresholds(
      PipelineConfig.Detection detection) {
    Map<String, Map<String, ThresholdBounds>> byType = new HashMap<>();
    detection
        .thresholds()
        .forEach(
            (type, metrics) -> {
              Map<String, ThresholdBounds> byMetric = new HashMap<>();
              metrics.forEach(
                  (metric, b) ->
                      byMetric.put(
                          metric,
                          new ThresholdBounds(
                              b.warningAbove().orElse(null),
                              b.criticalAbove().orElse(null),
                              b.warningBelow().orElse(null),
                              b.criticalBelow().orElse(null))));
              byType.put(type, Map.copyOf(byMetric));
            });
    return Map.copyOf(byType);
  }
}
