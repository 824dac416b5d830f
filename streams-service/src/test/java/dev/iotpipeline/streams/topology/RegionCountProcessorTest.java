package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.streams.detection.TumblingWindows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The first stage of the counts by region on its own stores: what a task keeps across a restart,
 * and which partial counts it forwards when. (The driver of the topology tests wipes its state
 * directory on close, so a restart is shown here: a new processor over the stores as restored.)
 */
class RegionCountProcessorTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long GRACE = 5 * SECOND;
  private static final long T0 = TopologyFixture.T0;

  private final MockProcessorContext<String, RegionCount> context = new MockProcessorContext<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RegistryCache registryCache = new RegistryCache(10);
  private TimestampedKeyValueStore<String, Device> registry;
  private RegionCountProcessor processor;

  @BeforeEach
  void stores() {
    registry = RegistryCacheTest.registryStore(registryCache, context.getStateStoreContext());
    context.addStateStore(registry);
    for (String name :
        new String[] {
          TelemetryTopology.COUNTS_BY_REGION_PARTIAL_STORE, TelemetryTopology.STREAM_TIME_STORE
        }) {
      KeyValueStore<String, Long> store =
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
              .withLoggingDisabled()
              .build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    register("m-1", "1 Grid Street, Springfield");
    processor = start();
  }

  @Test
  void openPartialCountsAndStreamTimeOutliveARestartOfTheTask() {
    process("m-1", T0);
    process("m-1", T0 + MINUTE + GRACE - 1);

    processor = start(); // as after restoring the changelogged stores
    process("m-1", T0 + 30 * SECOND); // still within grace: counted with the one before
    process("m-1", T0 + 40 * SECOND - MINUTE); // its window closed before the restart: late
    process("m-1", T0 + MINUTE + GRACE);

    assertThat(context.forwarded())
        .extracting(f -> f.record().key(), f -> f.record().value(), f -> f.record().timestamp())
        .containsExactly(
            tuple("Springfield", new RegionCount("Springfield", T0, T0 + MINUTE, 2), T0));
    assertThat(meters.counter("late").count()).isEqualTo(1);
  }

  @Test
  void partialsOfEveryClosedWindowAreForwardedInWindowOrderAndForgotten() {
    register("m-2", "2 Elm Road, Shelbyville");
    process("m-2", T0 + MINUTE + SECOND);
    process("m-1", T0 + MINUTE);
    process("m-1", T0 + SECOND);
    process("unregistered", T0 + 2 * SECOND);

    process("m-1", T0 + 5 * MINUTE);

    assertThat(context.forwarded())
        .<RegionCount>extracting(f -> f.record().value())
        .containsExactly(
            new RegionCount("Springfield", T0, T0 + MINUTE, 1),
            new RegionCount("unknown", T0, T0 + MINUTE, 1),
            new RegionCount("Shelbyville", T0 + MINUTE, T0 + 2 * MINUTE, 1),
            new RegionCount("Springfield", T0 + MINUTE, T0 + 2 * MINUTE, 1));
    KeyValueStore<String, Long> partials =
        context.getStateStore(TelemetryTopology.COUNTS_BY_REGION_PARTIAL_STORE);
    assertThat(partials.approximateNumEntries()).as("only the open window").isEqualTo(1);
  }

  @Test
  void aDeviceMovedOrRemovedInTheRegistryIsCountedWhereTheRegistryNowSays() {
    process("m-1", T0); // its parsed entry is kept from here on
    register("m-1", "2 Elm Road, Shelbyville");
    process("m-1", T0 + SECOND);
    registry.delete("m-1");
    process("m-1", T0 + 2 * SECOND);
    register("m-1", "1 Grid Street, Springfield");
    process("m-1", T0 + 3 * SECOND);

    process("m-1", T0 + MINUTE + GRACE);

    assertThat(context.forwarded())
        .<RegionCount>extracting(f -> f.record().value())
        .containsExactly(
            new RegionCount("Shelbyville", T0, T0 + MINUTE, 1),
            new RegionCount("Springfield", T0, T0 + MINUTE, 2),
            new RegionCount("unknown", T0, T0 + MINUTE, 1));
    assertThat(registryCache.size()).as("m-1's entry is kept").isEqualTo(1);
  }

  @Test
  void aRegionNamedBeyondTheBasicMultilingualPlaneClosesLikeAnyOther() {
    register("m-2", "3 Rue, \uD835\uDD16pringfield"); // U+1D516: four bytes in UTF-8
    process("m-2", T0);

    process("m-1", T0 + MINUTE + GRACE);

    assertThat(context.forwarded())
        .<RegionCount>extracting(f -> f.record().value())
        .containsExactly(new RegionCount("\uD835\uDD16pringfield", T0, T0 + MINUTE, 1));
  }

  private RegionCountProcessor start() {
    RegionCountProcessor started =
        new RegionCountProcessor(
            new TumblingWindows(MINUTE, GRACE), registryCache, meters.counter("late"));
    started.init(context);
    return started;
  }

  private void register(String sensorId, String address) {
    registry.put(
        sensorId,
        ValueAndTimestamp.make(
            new Device(sensorId, "smart-meter", "c-1", address, "ACTIVE", null, null, null), 0));
  }

  private void process(String sensorId, long eventTime) {
    CanonicalReading reading =
        new CanonicalReading(
            sensorId, "smart-meter", "power_w", 1, "W", eventTime, eventTime, null, null);
    processor.process(new Record<>(sensorId, reading, eventTime));
  }
}
