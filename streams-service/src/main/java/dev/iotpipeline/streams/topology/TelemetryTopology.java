package dev.iotpipeline.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.contracts.LateReading;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.contracts.ThresholdBounds;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.contracts.WindowTopics;
import dev.iotpipeline.streams.config.LiveSettings;
import dev.iotpipeline.streams.config.PipelineConfig;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.windows.ActivitySessions;
import dev.iotpipeline.streams.windows.HoppingWindows;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The whole streams topology, top to bottom:
 *
 * <ol>
 *   <li>the device registry (compacted {@code iot-device-registry}) as a GlobalKTable;
 *   <li>readings from {@code iot-raw-events}, stamped with their event time;
 *   <li>the lateness gate: readings whose window has closed go to {@code iot-late-events}; every
 *       reading after it carries the task's stream time and its device's registry entry;
 *   <li>connection changes from {@code iot-device-presence};
 *   <li>per device, in one entry (decision 0320): its connection from the presence changes; from
 *       on-time readings, final 5-minute aggregates per sensor and metric to {@code
 *       iot-aggregates-5m}, and from them the seed's 10-minute hopping aggregates ({@code
 *       iot-aggregates-10m-hopping}); detection (THRESHOLD, ANOMALY, POWER_THEFT, SILENCE),
 *       enriched from the registry, to {@code iot-alerts}; from all valid readings, device sessions
 *       with a 30-minute gap ({@code iot-device-sessions});
 *   <li>readings per region per minute ({@code iot-counts-1m-by-region}; counted per task, only the
 *       partial counts repartitioned by region and summed, so a window is emitted one window after
 *       it closes).
 * </ol>
 *
 * The seed's windows (hopping aggregates, sessions, counts by region) are each switchable and
 * emitted final.
 *
 * <p>Every store is named and changelogged; the stores of one sensor live in the task of its
 * partition, so every input topic keyed by sensorId must have the same partition count.
 */
@ApplicationScoped
public class TelemetryTopology {

  /** GlobalKTable of the registry. */
  public static final String REGISTRY_STORE = "device-registry";

  /** Stream time of the lateness gate and of the aggregation, per task. */
  public static final String STREAM_TIME_STORE = "stream-time";

  /**
   * Devices with open aggregate windows by window start, keyed windowStart(hex)|sensorId (the
   * windows themselves are in the device's entry, decision 0320).
   */
  public static final String AGGREGATE_CLOSE_STORE = "aggregates-5m-closing";

  /** The latest final aggregate per sensorId|metric (interactive queries). */
  public static final String LATEST_AGGREGATE_STORE = "aggregates-5m-latest";

  /**
   * Per device: connection and activity (interactive queries, SILENCE), the hour of each metric,
   * the open aggregate windows and sessions ({@code SensorState}, decisions 0316, 0320; its earlier
   * values still read).
   */
  public static final String DEVICE_STATE_STORE = "device-state";

  /**
   * The baseline's 15-second panes between the hour's two ends, an entry per series and minute (a
   * block), keyed block first (decisions 0323, 0327; a new name in 0323, as the hours of the
   * earlier layouts were not carried over: "baseline-hour-panes" held single panes of 0316's
   * totals, "baseline-panes" those of the totals before).
   */
  public static final String PANE_BLOCK_STORE = "baseline-pane-blocks";

  /** Open alert episodes per sensorId:TYPE:metric. */
  public static final String EPISODE_STORE = "alert-episodes";

  /**
   * Open partial counts of one task per tumbling window and region, keyed windowStart(hex)|region
   * (decision 0315).
   */
  public static final String COUNTS_BY_REGION_PARTIAL_STORE = "counts-by-region-partial";

  /** The partial counts summed per region and window (a window store). */
  public static final String COUNTS_BY_REGION_MERGED_STORE = "counts-by-region-merged";

  /**
   * How long after its end a region's summed window is still emitted when the partial that closes
   * it arrives (decision 0315).
   */
  static final Duration MERGED_RETENTION = Duration.ofHours(1);

  /** The repartition topic of the partial counts, keyed by region. */
  static final String COUNTS_BY_REGION_PARTIALS = "counts-by-region-partials";

  /**
   * Open hopping windows, keyed windowStart(hex)|sensorId|metric, built from the closed 5-minute
   * windows (a new name: the DSL's hopping window store, "aggregates-hopping", had another layout).
   */
  public static final String HOPPING_STORE = "aggregates-hopping-open";

  /** Devices with open sessions by close time, keyed closeTime(hex)|sensorId. */
  public static final String SESSION_CLOSE_STORE = "device-sessions-closing";

  static final Serde<String> KEYS = Serdes.String();
  static final Serde<CanonicalReading> READING = JsonSerde.of(CanonicalReading.class);
  static final Serde<DevicePresence> PRESENCE = JsonSerde.of(DevicePresence.class);
  static final Serde<Device> DEVICE = JsonSerde.of(Device.class);
  static final Serde<LateReading> LATE = JsonSerde.of(LateReading.class);
  static final Serde<WindowAggregate> AGGREGATE = JsonSerde.of(WindowAggregate.class);
  static final Serde<Alert> ALERT = JsonSerde.of(Alert.class);
  static final Serde<RegionCount> REGION_COUNT = JsonSerde.of(RegionCount.class);
  static final Serde<DeviceSession> SESSION = JsonSerde.of(DeviceSession.class);

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

    // 1. The registry: a local copy on every instance, so enrichment never calls the database. The
    // processors read its store directly (a global store needs no connecting), through the parsed
    // entries the registry has not changed since (decision 0319).
    RegistryCache registry = new RegistryCache(config.stores().registryCacheSize());
    builder.globalTable(
        Topics.DEVICE_REGISTRY,
        Consumed.with(KEYS, DEVICE).withName("registry-source"),
        Materialized.<String, Device>as(registry.wrap(supplier(REGISTRY_STORE)))
            .withKeySerde(KEYS)
            .withValueSerde(DEVICE)
            // No record cache: it would hold the global thread's writes until its next commit, and
            // the parsed entries learn of a write only when it reaches the store.
            .withCachingDisabled());

    builder.addStateStore(sharedKeyStore(STREAM_TIME_STORE, Serdes.Long()));
    builder.addStateStore(store(AGGREGATE_CLOSE_STORE, KEYS));
    builder.addStateStore(store(LATEST_AGGREGATE_STORE, AGGREGATE));
    builder.addStateStore(store(DEVICE_STATE_STORE, StateSerdes.SENSOR_STATE));
    builder.addStateStore(store(PANE_BLOCK_STORE, StateSerdes.PANE_BLOCK));
    builder.addStateStore(store(EPISODE_STORE, StateSerdes.EPISODE_STATE));

    // 2. Readings, timestamped with their event time.
    KStream<String, CanonicalReading> readings =
        builder.stream(
            Topics.RAW_EVENTS,
            Consumed.with(KEYS, READING)
                .withTimestampExtractor(new EventTimeExtractor())
                .withName("readings-source"));

    // 3. The lateness gate: late readings are routed and counted, never dropped silently. It looks
    // up each reading's device once for detection and the counts by region after it.
    KStream<String, GatedReading> gated =
        readings.process(
            () ->
                new LateGateProcessor(
                    windows,
                    registry,
                    meters.counter("pipeline.readings.processed"),
                    meters.counter("pipeline.readings.late")),
            Named.as("late-gate"),
            STREAM_TIME_STORE);
    gated
        .filter((sensorId, gate) -> gate.late(), Named.as("readings-late"))
        .mapValues(GatedReading::toLateReading, Named.as("to-late-reading"))
        .to(Topics.LATE_EVENTS, Produced.with(KEYS, sink(LATE)).withName("late-events-sink"));

    // 4. Connection changes, kept in the device's entry by step 5 (latest event time wins).
    KStream<String, DevicePresence> presence =
        builder.stream(
            Topics.DEVICE_PRESENCE,
            Consumed.with(KEYS, PRESENCE)
                .withTimestampExtractor(new EventTimeExtractor())
                .withName("presence-source"));

    // 5. Per device, one entry read and written once per reading (decision 0320): final tumbling
    // aggregates per sensor, metric and window, and the seed's 10-minute hopping aggregates built
    // from them when they close (decision 0316); detection and enrichment; the seed's device
    // sessions with a 30-minute gap, from every valid reading, late for the 5-minute windows or not
    // (decision 0314); the connection from presence changes. One processor takes both streams, so
    // that it is the entry's only writer and can keep the entries parsed (decision 0326). Each
    // result goes to its sink by the sink's name.
    PipelineConfig.Outputs outputs = config.outputs();
    HoppingWindows hopping =
        outputs.hoppingAggregates().enabled()
            ? hoppingWindows(windows, outputs.hoppingAggregates())
            : null;
    ActivitySessions sessions =
        outputs.sessions().enabled() ? activitySessions(builder, outputs.sessions()) : null;
    List<String> perSensorStores =
        new ArrayList<>(
            List.of(
                DEVICE_STATE_STORE,
                AGGREGATE_CLOSE_STORE,
                LATEST_AGGREGATE_STORE,
                PANE_BLOCK_STORE,
                EPISODE_STORE));
    if (hopping != null) {
      builder.addStateStore(store(HOPPING_STORE, StateSerdes.AGGREGATE_STATE));
      perSensorStores.add(HOPPING_STORE);
    }
    if (sessions != null) {
      perSensorStores.add(SESSION_CLOSE_STORE);
    }
    Map<String, Map<String, ThresholdBounds>> thresholds = thresholds(detection);
    DeviceEntries.Budget deviceEntries =
        new DeviceEntries.Budget(config.stores().deviceCacheSize());
    KStream<String, Object> results =
        merged(gated, presence)
            .process(
                () ->
                    new SensorProcessor(
                        new WindowAggregates(
                            windows, hopping, meters.counter("pipeline.aggregates.emitted")),
                        new Detection(
                            settings,
                            registry,
                            thresholds,
                            detection.theftDeviceType(),
                            detection.theftMetric(),
                            detection.silenceCheckInterval(),
                            meters),
                        sessions == null
                            ? null
                            : new DeviceSessionTracker(
                                sessions,
                                meters.counter("pipeline.sessions.emitted"),
                                meters.counter("pipeline.sessions.late")),
                        deviceEntries),
                Named.as("per-sensor"),
                perSensorStores.toArray(String[]::new));
    results.to(
        Topics.AGGREGATES_5M,
        Produced.with(KEYS, sinkOf(AGGREGATE)).withName(SensorProcessor.AGGREGATES_SINK));
    if (hopping != null) {
      results.to(
          WindowTopics.AGGREGATES_HOPPING,
          Produced.with(KEYS, sinkOf(AGGREGATE)).withName(SensorProcessor.HOPPING_SINK));
    }
    results.to(
        Topics.ALERTS, Produced.with(KEYS, sinkOf(ALERT)).withName(SensorProcessor.ALERTS_SINK));
    if (sessions != null) {
      results.to(
          WindowTopics.DEVICE_SESSIONS,
          Produced.with(KEYS, sinkOf(SESSION)).withName(SensorProcessor.SESSIONS_SINK));
    }

    // 6. The seed's counts by region, switchable (decision 0305; the hopping aggregates and
    // sessions are step 5's). They count every valid reading after the gate, late for the 5-minute
    // windows or not, with their own windows and grace, per task (only the partial counts cross a
    // repartition topic).
    if (outputs.countsByRegion().enabled()) {
      countsByRegion(builder, gated, outputs.countsByRegion());
    }

    return builder.build();
  }

  /**
   * 6. Readings per region per tumbling window, in two stages (decision 0315). Each task counts its
   * readings per region (the region from the registry entry the gate looked up) and, once a window
   * has closed by the gate's stream time, forwards one partial count per region; only these
   * partials are re-keyed by region (one repartition topic) and summed per region and window. The
   * sum is emitted when the first partial of a later window arrives: one window after the window
   * has closed, since the partials of a window are themselves forwarded only at its close.
   */
  private void countsByRegion(
      StreamsBuilder builder,
      KStream<String, GatedReading> gated,
      PipelineConfig.CountsByRegion settings) {
    Duration size = positive(settings.size(), "pipeline.outputs.counts-by-region.size");
    TumblingWindows windows = new TumblingWindows(size.toMillis(), settings.grace().toMillis());
    builder.addStateStore(sharedKeyStore(COUNTS_BY_REGION_PARTIAL_STORE, Serdes.Long()));
    gated
        .process(
            () -> new RegionCountProcessor(windows, meters.counter("pipeline.region-counts.late")),
            Named.as("count-by-region-partial"),
            COUNTS_BY_REGION_PARTIAL_STORE,
            STREAM_TIME_STORE)
        .groupByKey(Grouped.with(COUNTS_BY_REGION_PARTIALS, KEYS, REGION_COUNT))
        // No grace when merging: a window's partials are all due when the first task closes the
        // next window, unless a task lags a whole window behind the others (then its partial is
        // dropped as late, as a reading beyond the grace is).
        .windowedBy(TimeWindows.ofSizeAndGrace(size, Duration.ZERO))
        .emitStrategy(EmitStrategy.onWindowClose())
        .aggregate(
            () -> 0L,
            (region, partial, total) -> total + partial.count(),
            Named.as("sum-counts-by-region"),
            // Partials come once per window boundary, and a partition's next one may be many
            // windows later (no readings of its regions meanwhile): with the least retention
            // (size + grace) any later partial would expire the sum it should emit.
            windowStore(
                COUNTS_BY_REGION_MERGED_STORE, size, size.plus(MERGED_RETENTION), Serdes.Long()))
        .toStream(Named.as("counts-by-region-closed"))
        .map(
            (window, count) ->
                KeyValue.pair(
                    window.key(),
                    new RegionCount(
                        window.key(), window.window().start(), window.window().end(), count)),
            Named.as("to-region-count"))
        .to(
            WindowTopics.COUNTS_BY_REGION,
            Produced.with(KEYS, sink(REGION_COUNT)).withName("counts-by-region-sink"));
  }

  /**
   * Count, sum, avg, min, max per sensor and metric over hopping windows (a reading counts in every
   * window that holds it), from the closed tumbling windows: size and advance must be multiples of
   * the tumbling window, and the tumbling windows' grace and lateness apply.
   */
  private static HoppingWindows hoppingWindows(
      TumblingWindows windows, PipelineConfig.HoppingAggregates settings) {
    return new HoppingWindows(
        windows.sizeMs(), settings.size().toMillis(), settings.advance().toMillis());
  }

  /**
   * Sessions of activity per device: readings no further apart than the gap form one session (a
   * reading between two sessions merges them), emitted once no reading can join it any more. Kept
   * in the device's entry and closed through an index by close time (decisions 0314, 0320), where
   * Kafka Streams' session windows range-seek per reading.
   */
  private ActivitySessions activitySessions(
      StreamsBuilder builder, PipelineConfig.Sessions settings) {
    Duration gap = positive(settings.gap(), "pipeline.outputs.sessions.gap");
    builder.addStateStore(store(SESSION_CLOSE_STORE, KEYS));
    return new ActivitySessions(gap.toMillis(), settings.grace().toMillis());
  }

  /** Both streams as one, for the processor that takes either kind of record. */
  @SuppressWarnings("unchecked")
  private static KStream<String, Object> merged(
      KStream<String, ?> readings, KStream<String, ?> presence) {
    return ((KStream<String, Object>) readings)
        .merge((KStream<String, Object>) presence, Named.as("readings-and-presence"));
  }

  /** A sink's value serde for a processor forwarding several types, each to its own sink. */
  @SuppressWarnings("unchecked")
  private <V> Serde<Object> sinkOf(Serde<V> values) {
    return (Serde<Object>) sink(values);
  }

  /**
   * A window store that keeps each window for {@code retention} after its start, counted in window
   * starts: a window is expired, and never emitted, once a record of a window starting {@code
   * retention} or more after it has been stored, whether the window was emitted by then or not.
   */
  private <V> Materialized<String, V, WindowStore<Bytes, byte[]>> windowStore(
      String name, Duration size, Duration retention, Serde<V> values) {
    WindowBytesStoreSupplier supplier =
        config.stores().inMemory()
            ? Stores.inMemoryWindowStore(name, retention, size, false)
            : Stores.persistentTimestampedWindowStore(name, retention, size, false);
    return logged(Materialized.<String, V>as(supplier), values);
  }

  /** Sensor-id keys, changelogged, cached as {@code pipeline.stores.caching} says. */
  private <V, S extends StateStore> Materialized<String, V, S> logged(
      Materialized<String, V, S> store, Serde<V> values) {
    Materialized<String, V, S> materialized =
        store.withKeySerde(KEYS).withValueSerde(values).withLoggingEnabled(Map.of());
    return config.stores().caching()
        ? materialized.withCachingEnabled()
        : materialized.withCachingDisabled();
  }

  private static Duration positive(Duration value, String key) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, not " + value);
    }
    return value;
  }

  /** A sink's value serde: oversized results become dead letters, not failed transactions. */
  private <V> Serde<V> sink(Serde<V> values) {
    return SizeLimitedSerde.of(values, config.maxOutputRecordBytes());
  }

  /**
   * A store keyed per sensor (or per sensor and window), without a record cache: a meter reports
   * every few seconds, so its key is hardly ever written twice between two commits (100 ms under
   * exactly-once) and a cache would only add its lookups, its evictions on a full cache and a clean
   * copy of every key read (a fifth of the stream threads' time with 100,000 meters).
   */
  private <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(supplier(name), KEYS, values)
        .withLoggingEnabled(Map.of())
        .withCachingDisabled();
  }

  /**
   * A store whose few keys many readings update (stream time per task, counts per region): the
   * record cache turns a commit interval's updates of a key into one store write and one changelog
   * record, as {@code pipeline.stores.caching} says.
   */
  private <V> StoreBuilder<KeyValueStore<String, V>> sharedKeyStore(String name, Serde<V> values) {
    StoreBuilder<KeyValueStore<String, V>> uncached = store(name, values);
    return config.stores().caching() ? uncached.withCachingEnabled() : uncached;
  }

  private KeyValueBytesStoreSupplier supplier(String name) {
    boolean inMemory =
        config.stores().inMemory()
            || (name.equals(DEVICE_STATE_STORE) && config.stores().deviceStateInMemory());
    return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
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
