package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.PresenceOrigin;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.config.DetectionSettings;
import dev.iotpipeline.streams.config.LiveSettings;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.Pane;
import dev.iotpipeline.streams.model.RegistryEntry;
import dev.iotpipeline.streams.model.SensorState;
import dev.iotpipeline.streams.windows.ActivitySessions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Store accesses per reading of the per-device processor, counted on the real in-memory stores
 * behind a counting proxy (decision 0320; a put of null, which deletes, counted as a tombstone):
 * one write of the device's entry per reading for its aggregates, detection state and sessions
 * together, and one read the first time (decision 0326: the processor keeps the entries it wrote),
 * plus what closes them: the aggregates' index once per window and the sessions' index once per
 * gap, each with one more write of the entry. Kafka Streams' session windows range-sought the
 * session store for every reading; before 0320 the aggregates and sessions had an entry of their
 * own each.
 */
class SensorProcessorTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long T0 = TopologyFixture.T0;
  private static final TumblingWindows WINDOWS = new TumblingWindows(5 * MINUTE, 5 * SECOND);

  private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
  private final Map<String, Integer> deviceCalls = new ConcurrentHashMap<>();
  private final Map<String, Integer> windowIndexCalls = new ConcurrentHashMap<>();
  private final Map<String, Integer> sessionIndexCalls = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RegistryCache registry = new RegistryCache(1_000);
  private final DeviceEntries.Budget budget = new DeviceEntries.Budget(1_000);
  private SensorProcessor processor;
  private long streamTime = Long.MIN_VALUE;

  @BeforeEach
  void stores() {
    context.addStateStore(
        counting(TelemetryTopology.DEVICE_STATE_STORE, StateSerdes.SENSOR_STATE, deviceCalls));
    context.addStateStore(
        counting(TelemetryTopology.AGGREGATE_CLOSE_STORE, Serdes.String(), windowIndexCalls));
    context.addStateStore(
        counting(TelemetryTopology.SESSION_CLOSE_STORE, Serdes.String(), sessionIndexCalls));
    context.addStateStore(
        counting(TelemetryTopology.LATEST_AGGREGATE_STORE, TelemetryTopology.AGGREGATE, null));
    context.addStateStore(
        counting(TelemetryTopology.PANE_BLOCK_STORE, StateSerdes.PANE_BLOCK, null));
    context.addStateStore(
        counting(TelemetryTopology.EPISODE_STORE, StateSerdes.EPISODE_STATE, null));
    context.addStateStore(
        RegistryCacheTest.registryStore(registry, context.getStateStoreContext()));
    context.setCurrentSystemTimeMs(T0);
    processor = started(budget);
  }

  /** A processor over the stores, started (again: as on another assignment of the task). */
  private SensorProcessor started(DeviceEntries.Budget entries) {
    SensorProcessor started =
        new SensorProcessor(
            new WindowAggregates(WINDOWS, null, meters.counter("aggregates")),
            new Detection(
                new LiveSettings(
                    new DetectionSettings(4.0, 30, 0.5, 30 * MINUTE, 10 * MINUTE, 30 * SECOND)),
                registry,
                Map.of(),
                "smart-meter",
                "power_w",
                Duration.ofSeconds(10),
                meters),
            new DeviceSessionTracker(
                new ActivitySessions(30 * MINUTE, 5 * SECOND),
                meters.counter("sessions"),
                meters.counter("late")),
            entries);
    started.init(context);
    return started;
  }

  @Test
  void aReadingWritesItsDeviceOnceAndReadsItOnlyAtFirstAndTheIndexesOncePerWindowAndGap() {
    int devices = 100;
    long readings = 0;
    for (long t = T0; t < T0 + 4 * 60 * MINUTE; t += 10 * SECOND) { // 4 hours, every 10 s
      for (int d = 0; d < devices; d++) {
        process("d-" + d, t + d);
        readings++;
      }
    }

    // Windows: each device is filed once per 5-minute window (48 in 4 hours) and taken out of the
    // index when the window closes (47 closed by the end), reading and writing its entry again.
    int windowFilings = windowIndexCalls.get("put");
    int windowsClosed = windowIndexCalls.get("tombstone");
    assertThat(windowFilings).isEqualTo(devices * 48);
    assertThat(windowsClosed).isEqualTo(devices * 47);
    assertThat(windowIndexCalls.get("range"))
        .as("one scan per window boundary that stream time, less size and grace, crossed")
        .isBetween(47, 49);
    // Sessions: filed once, then re-filed whenever the filing time (the session's earliest possible
    // close) comes while the device is still active: every 30 minutes 5 s, 7-8 times in 4 hours,
    // each re-filing reading and writing the entry once more.
    int sessionFilings = sessionIndexCalls.get("put");
    int refilings = sessionFilings - devices;
    assertThat(sessionFilings).isBetween(devices * 8, devices * 9);
    assertThat(sessionIndexCalls.get("tombstone")).isEqualTo(refilings);
    assertThat(List.of(windowIndexCalls, sessionIndexCalls))
        .as("deletes write tombstones without reading the value first (a lookup in RocksDB)")
        .allSatisfy(calls -> assertThat(calls).doesNotContainKey("delete"));

    assertThat(deviceCalls).containsOnlyKeys("get", "put");
    assertThat(deviceCalls.get("get")).as("each device's first reading").isEqualTo(devices);
    assertThat(deviceCalls.get("put")).isEqualTo((int) readings + windowsClosed + refilings);
    assertThat(context.forwarded())
        .allSatisfy(f -> assertThat(f.record().value()).isInstanceOf(WindowAggregate.class))
        .hasSize(devices * 47);
    assertThat(meters.counter("sessions").count()).isZero();
  }

  @Test
  void beyondTheBudgetADeviceIsReadFromTheStoreEachTimeAndClosingGivesTheBudgetBack() {
    DeviceEntries.Budget one = new DeviceEntries.Budget(1);
    processor.close();
    processor = started(one);
    deviceCalls.clear();
    for (int i = 0; i < 10; i++) {
      process("kept", T0 + i * SECOND);
      process("beyond", T0 + i * SECOND);
    }

    assertThat(deviceCalls.get("get")).as("kept: once; beyond: every reading").isEqualTo(1 + 10);
    assertThat(deviceCalls.get("put")).isEqualTo(20);
    KeyValueStore<String, SensorState> devices =
        context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    assertThat(devices.get("beyond").windows().get(0).count()).isEqualTo(10);
    assertThat(one.left()).isZero();

    processor.close();
    assertThat(one.left()).isEqualTo(1);
    processor = started(one);
    int readsBefore = deviceCalls.get("get");
    process("beyond", T0 + 10 * SECOND);
    process("beyond", T0 + 11 * SECOND);
    assertThat(deviceCalls.get("get") - readsBefore)
        .as("the budget given back: beyond is kept from its next reading")
        .isEqualTo(1);
  }

  @Test
  void aNegativeDeviceCacheSizeIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new DeviceEntries.Budget(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline.stores.device-cache-size");
  }

  @Test
  void aRevivedTaskReadsItsEntriesFromTheStoreAsRestored() {
    process("a", T0);
    process("a", T0 + SECOND);
    KeyValueStore<String, SensorState> devices =
        context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    devices.put("a", SensorState.of(null)); // as restored from the changelog: an earlier entry

    processor.init(context); // revived after an aborted transaction: the store is the truth
    process("a", T0 + 2 * SECOND);

    assertThat(devices.get("a").windows()).hasSize(1);
    assertThat(devices.get("a").windows().get(0).count())
        .as("the readings before the revival are not in the restored entry")
        .isEqualTo(1);
    assertThat(budget.left()).as("given back on revival, taken again once").isEqualTo(1_000 - 1);
  }

  @Test
  void aPresenceChangeReachesTheEntryTheDevicesNextReadingWrites() {
    process("a", T0);

    processor.process(
        new Record<>(
            "a",
            new DevicePresence("a", false, T0 + SECOND, PresenceOrigin.IOT_LIFECYCLE, null),
            T0 + SECOND));
    process("a", T0 + 2 * SECOND);

    KeyValueStore<String, SensorState> devices =
        context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    assertThat(devices.get("a").device().connected()).isFalse();
    assertThat(devices.get("a").windows().get(0).count()).isEqualTo(2);
  }

  @Test
  void closedWindowsAndSessionsLeaveNothingBehindInTheEntryOrTheIndexes() {
    process("b", T0 + 2 * SECOND);
    process("a", T0 + 3 * SECOND);
    process("c", T0 + SECOND);

    process("z", T0 + 40 * MINUTE);

    assertThat(context.forwarded())
        .filteredOn(f -> f.childName().orElseThrow().equals(SensorProcessor.SESSIONS_SINK))
        .extracting(f -> f.record().key(), f -> f.record().timestamp())
        .containsExactly(
            tuple("c", T0 + SECOND), tuple("b", T0 + 2 * SECOND), tuple("a", T0 + 3 * SECOND));
    assertThat(context.forwarded())
        .filteredOn(f -> f.childName().orElseThrow().equals(SensorProcessor.AGGREGATES_SINK))
        .<String>extracting(f -> f.record().key())
        .containsExactly("a", "b", "c");
    KeyValueStore<String, SensorState> devices =
        context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    for (String closed : new String[] {"a", "b", "c"}) {
      assertThat(devices.get(closed).windows()).isEmpty();
      assertThat(devices.get(closed).sessions()).isNull();
      assertThat(devices.get(closed).device()).isNotNull();
    }
    KeyValueStore<String, ?> windowIndex =
        context.getStateStore(TelemetryTopology.AGGREGATE_CLOSE_STORE);
    KeyValueStore<String, ?> sessionIndex =
        context.getStateStore(TelemetryTopology.SESSION_CLOSE_STORE);
    assertThat(windowIndex.approximateNumEntries()).as("z's open window").isEqualTo(1);
    assertThat(sessionIndex.approximateNumEntries()).as("z's open session").isEqualTo(1);
    assertThat(meters.counter("aggregates").count()).isEqualTo(3);
  }

  @Test
  void aMinutesBlocksOfEverySensorAreNeighboursInThePaneStore() {
    for (long t = T0; t < T0 + 10 * MINUTE; t += 10 * SECOND) {
      for (String sensor : List.of("b", "a", "c")) {
        process(sensor, t);
      }
    }

    // Ten minutes: the newest in each device's entry, the nine before it stored, block first.
    List<String> expected = new ArrayList<>();
    for (long block = T0 / MINUTE; block < T0 / MINUTE + 9; block++) {
      for (String sensor : List.of("a", "b", "c")) {
        expected.add(String.format("%016x %s|power_w", block, sensor));
      }
    }
    assertThat(paneStoreKeys()).containsExactlyElementsOf(expected);
  }

  @Test
  void blocksStoredUnderTheEarlierKeysAreReadAndDeletedThereUntilTheHourHasLeftThem() {
    // Two meters with the same readings; "upgraded" has its first half hour stored as before 0327.
    for (long t = T0; t < T0 + 30 * MINUTE; t += 10 * SECOND) {
      process("upgraded", t);
      process("control", t);
    }
    processor.close();
    KeyValueStore<String, List<Pane>> blocks =
        context.getStateStore(TelemetryTopology.PANE_BLOCK_STORE);
    int moved = 0;
    for (String key : paneStoreKeys()) {
      if (key.endsWith(" upgraded|power_w")) {
        long block = Long.parseLong(key.substring(0, 16), 16);
        blocks.put("upgraded|power_w|" + Long.toHexString(block), blocks.delete(key));
        moved++;
      }
    }
    assertThat(moved).isEqualTo(29);
    KeyValueStore<String, SensorState> devices =
        context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    byte[] entry = StateSerdes.SENSOR_STATE.serializer().serialize("t", devices.get("upgraded"));
    devices.put( // as 0323-0326 wrote it: without the section that follows the baselines
        "upgraded",
        StateSerdes.SENSOR_STATE
            .deserializer()
            .deserialize("t", Arrays.copyOf(entry, entry.length - 1)));
    processor = started(budget);

    for (long t = T0 + 30 * MINUTE; t < T0 + 100 * MINUTE; t += 10 * SECOND) {
      process("upgraded", t);
      process("control", t);
      if (t == T0 + 75 * MINUTE) {
        BaselineSummary halfway = devices.get("upgraded").baseline("power_w");
        assertThat(halfway.earlierKeysBefore()).isNotEqualTo(BaselineSummary.NO_EARLIER_KEYS);
        assertThat(halfway.hour())
            .as("the earlier-keyed blocks the hour left were subtracted")
            .isEqualTo(devices.get("control").baseline("power_w").hour());
      }
    }

    assertThat(devices.get("upgraded").baseline("power_w"))
        .as("the hour as if never upgraded, the earlier keys forgotten")
        .isEqualTo(devices.get("control").baseline("power_w"));
    assertThat(paneStoreKeys())
        .hasSize(2 * 59)
        .noneMatch(key -> key.startsWith("upgraded|"))
        .filteredOn(key -> key.endsWith(" upgraded|power_w"))
        .hasSize(59);
  }

  private List<String> paneStoreKeys() {
    KeyValueStore<String, List<Pane>> blocks =
        context.getStateStore(TelemetryTopology.PANE_BLOCK_STORE);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, List<Pane>> all = blocks.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  @Test
  void aLateReadingOfAnUnknownDeviceKeepsOnlyItsSession() {
    process("a", T0 + 10 * MINUTE);
    long late = T0 + 2 * MINUTE;
    CanonicalReading reading =
        new CanonicalReading("new", "smart-meter", "power_w", 1, "W", late, late, null, null);
    processor.process(
        new Record<>(
            "new",
            new GatedReading(
                reading, RegistryEntry.UNREGISTERED, true, T0, T0 + 5 * MINUTE, streamTime),
            late));

    KeyValueStore<String, SensorState> devices =
        context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    assertThat(devices.get("new").device()).as("unknown to SILENCE and the queries").isNull();
    assertThat(devices.get("new").windows()).isEmpty();
    assertThat(devices.get("new").sessions().open()).hasSize(1);
  }

  private void process(String sensorId, long eventTime) {
    streamTime = Math.max(streamTime, eventTime);
    CanonicalReading reading =
        new CanonicalReading(
            sensorId, "smart-meter", "power_w", 1, "W", eventTime, eventTime, null, null);
    long start = WINDOWS.startOf(eventTime);
    processor.process(
        new Record<>(
            sensorId,
            new GatedReading(
                reading,
                RegistryEntry.UNREGISTERED,
                false,
                start,
                start + WINDOWS.sizeMs(),
                streamTime),
            eventTime));
  }

  /** The real in-memory store, every call counted by method name (unless {@code calls} is null). */
  @SuppressWarnings("unchecked")
  private <V> KeyValueStore<String, V> counting(
      String name, Serde<V> values, Map<String, Integer> calls) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .withCachingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    if (calls == null) {
      return store;
    }
    return (KeyValueStore<String, V>)
        Proxy.newProxyInstance(
            KeyValueStore.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("name")
                  && !method.getName().equals("approximateNumEntries")) {
                boolean tombstone = method.getName().equals("put") && args[1] == null;
                calls.merge(tombstone ? "tombstone" : method.getName(), 1, Integer::sum);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
