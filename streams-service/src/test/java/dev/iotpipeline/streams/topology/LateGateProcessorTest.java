package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The lateness gate on its own stores: what it hands every processor after it with each reading
 * (whether it is late, the task's stream time, the device's registry entry as the registry says
 * now), and the stream time it keeps across a restart.
 */
class LateGateProcessorTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long T0 = TopologyFixture.T0;

  private final MockProcessorContext<String, GatedReading> context = new MockProcessorContext<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RegistryCache registryCache = new RegistryCache(10);
  private TimestampedKeyValueStore<String, Device> registry;
  private LateGateProcessor gate;

  @BeforeEach
  void stores() {
    registry = RegistryCacheTest.registryStore(registryCache, context.getStateStoreContext());
    context.addStateStore(registry);
    RegionCountProcessorTest.addLongStore(context, TelemetryTopology.STREAM_TIME_STORE);
    gate = start();
  }

  @Test
  void everyReadingCarriesItsDeviceAsTheRegistrySaysWhenItPasses() {
    register("m-1", "1 Grid Street, Springfield");
    process("m-1", T0); // its parsed entry is kept from here on
    register("m-1", "2 Elm Road, Shelbyville");
    process("m-1", T0 + SECOND);
    registry.delete("m-1");
    process("m-1", T0 + 2 * SECOND);
    register("m-1", "1 Grid Street, Springfield");
    process("m-1", T0 + 3 * SECOND);

    assertThat(context.forwarded())
        .extracting(f -> f.record().value().registry())
        .extracting(entry -> entry.device() == null ? null : entry.device().address())
        .containsExactly(
            "1 Grid Street, Springfield",
            "2 Elm Road, Shelbyville",
            null,
            "1 Grid Street, Springfield");
    assertThat(context.forwarded())
        .extracting(f -> f.record().value().registry().region())
        .containsExactly("Springfield", "Shelbyville", "unknown", "Springfield");
    assertThat(registryCache.size()).as("m-1's entry is kept").isEqualTo(1);
  }

  @Test
  void aLateReadingCarriesItsDeviceAndLeavesStreamTimeWhereItWas() {
    register("m-1", "1 Grid Street, Springfield");
    process("m-1", T0 + 10 * MINUTE);
    process("m-1", T0 + MINUTE); // its window closed at T0 + 5 min + grace

    assertThat(context.forwarded())
        .extracting(
            f -> f.record().value().late(),
            f -> f.record().value().streamTime(),
            f -> f.record().value().registry().device().sensorId())
        .containsExactly(
            tuple(false, T0 + 10 * MINUTE, "m-1"), tuple(true, T0 + 10 * MINUTE, "m-1"));
    assertThat(meters.counter("late").count()).isEqualTo(1);
  }

  @Test
  void streamTimeOutlivesARestartOfTheTask() {
    process("m-1", T0 + 10 * MINUTE);

    gate = start(); // as after restoring the changelogged store
    process("m-1", T0 + MINUTE);

    assertThat(context.forwarded())
        .extracting(f -> f.record().value().late(), f -> f.record().value().streamTime())
        .containsExactly(tuple(false, T0 + 10 * MINUTE), tuple(true, T0 + 10 * MINUTE));
  }

  private LateGateProcessor start() {
    LateGateProcessor started =
        new LateGateProcessor(
            new TumblingWindows(5 * MINUTE, 5 * SECOND),
            registryCache,
            meters.counter("readings"),
            meters.counter("late"));
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
    gate.process(new Record<>(sensorId, reading, eventTime));
  }
}
