package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.RegistryEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The first stage of the counts by region on its own stores: what a task keeps across a restart,
 * and which partial counts it forwards when, by the stream time and registry entry the lateness
 * gate hands it with each reading. (The driver of the topology tests wipes its state directory on
 * close, so a restart is shown here: a new processor over the stores as restored.)
 */
class RegionCountProcessorTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long GRACE = 5 * SECOND;
  private static final long T0 = TopologyFixture.T0;
  private static final Device SPRINGFIELD = device("m-1", "1 Grid Street, Springfield");
  private static final Device SHELBYVILLE = device("m-2", "2 Elm Road, Shelbyville");

  private final MockProcessorContext<String, RegionCount> context = new MockProcessorContext<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private RegionCountProcessor processor;
  private long streamTime = Long.MIN_VALUE;

  @BeforeEach
  void stores() {
    addLongStore(context, TelemetryTopology.COUNTS_BY_REGION_PARTIAL_STORE);
    addLongStore(context, TelemetryTopology.STREAM_TIME_STORE);
    processor = start();
  }

  @Test
  void openPartialCountsOutliveARestartOfTheTask() {
    process(SPRINGFIELD, T0);
    process(SPRINGFIELD, T0 + MINUTE + GRACE - 1);

    processor = start(); // as after restoring the changelogged stores
    process(SPRINGFIELD, T0 + 30 * SECOND); // still within grace: counted with the one before
    process(SPRINGFIELD, T0 + 40 * SECOND - MINUTE); // its window closed before the restart: late
    process(SPRINGFIELD, T0 + MINUTE + GRACE);

    assertThat(context.forwarded())
        .extracting(f -> f.record().key(), f -> f.record().value(), f -> f.record().timestamp())
        .containsExactly(
            tuple("Springfield", new RegionCount("Springfield", T0, T0 + MINUTE, 2), T0));
    assertThat(meters.counter("late").count()).isEqualTo(1);
  }

  @Test
  void partialsOfEveryClosedWindowAreForwardedInWindowOrderAndForgotten() {
    process(SHELBYVILLE, T0 + MINUTE + SECOND);
    process(SPRINGFIELD, T0 + MINUTE);
    process(SPRINGFIELD, T0 + SECOND);
    process(null, T0 + 2 * SECOND); // not registered

    process(SPRINGFIELD, T0 + 5 * MINUTE);

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
  void windowsCloseByTheGatesStreamTimeNotByTheReadingsOwnTime() {
    process(SPRINGFIELD, T0);
    streamTime = T0 + MINUTE + GRACE; // the gate has passed a reading of another processor's

    process(SHELBYVILLE, T0 + MINUTE + SECOND); // by its own time, T0's window is still open

    assertThat(context.forwarded())
        .<RegionCount>extracting(f -> f.record().value())
        .containsExactly(new RegionCount("Springfield", T0, T0 + MINUTE, 1));
  }

  @Test
  void aRegionNamedBeyondTheBasicMultilingualPlaneClosesLikeAnyOther() {
    process(device("m-2", "3 Rue, \uD835\uDD16pringfield"), T0); // U+1D516: four bytes in UTF-8

    process(SPRINGFIELD, T0 + MINUTE + GRACE);

    assertThat(context.forwarded())
        .<RegionCount>extracting(f -> f.record().value())
        .containsExactly(new RegionCount("\uD835\uDD16pringfield", T0, T0 + MINUTE, 1));
  }

  @Test
  void theStreamTimeItKeptBeforeReadingTheGatesIsDeletedWhenTheTaskStarts() {
    KeyValueStore<String, Long> streamTimes =
        context.getStateStore(TelemetryTopology.STREAM_TIME_STORE);
    streamTimes.put(RegionCountProcessor.FORMER_STREAM_TIME_KEY, T0);
    streamTimes.put(LateGateProcessor.STREAM_TIME_KEY, T0);

    processor = start();

    assertThat(streamTimes.get(RegionCountProcessor.FORMER_STREAM_TIME_KEY)).isNull();
    assertThat(streamTimes.get(LateGateProcessor.STREAM_TIME_KEY)).isEqualTo(T0);
  }

  /**
   * An in-memory store of longs (stream times, counts) as the processors get it, opened and added
   * to the context: for the tests of the processors that keep them.
   */
  static KeyValueStore<String, Long> addLongStore(MockProcessorContext<?, ?> context, String name) {
    KeyValueStore<String, Long> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  private RegionCountProcessor start() {
    RegionCountProcessor started =
        new RegionCountProcessor(new TumblingWindows(MINUTE, GRACE), meters.counter("late"));
    started.init(context);
    return started;
  }

  private static Device device(String sensorId, String address) {
    return new Device(sensorId, "smart-meter", "c-1", address, "ACTIVE", null, null, null);
  }

  /** A reading of the device (null: unregistered), as the gate forwards it. */
  private void process(Device device, long eventTime) {
    streamTime = Math.max(streamTime, eventTime);
    String sensorId = device == null ? "unregistered" : device.sensorId();
    CanonicalReading reading =
        new CanonicalReading(
            sensorId, "smart-meter", "power_w", 1, "W", eventTime, eventTime, null, null);
    GatedReading gated =
        new GatedReading(reading, RegistryEntry.of(device), false, 0, 0, streamTime);
    processor.process(new Record<>(sensorId, gated, eventTime));
  }
}
