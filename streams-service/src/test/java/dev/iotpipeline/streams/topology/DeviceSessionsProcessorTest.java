package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.windows.ActivitySessions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Store accesses per reading, counted on the real in-memory stores behind a counting proxy: they
 * stay constant however long a session runs (Kafka Streams' session windows range-sought the
 * session store for every reading and rewrote the session under a new key per reading).
 */
class DeviceSessionsProcessorTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long T0 = TopologyFixture.T0;

  private final MockProcessorContext<String, DeviceSession> context = new MockProcessorContext<>();
  private final Map<String, Integer> openCalls = new ConcurrentHashMap<>();
  private final Map<String, Integer> closingCalls = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DeviceSessionsProcessor processor =
      new DeviceSessionsProcessor(
          new ActivitySessions(30 * MINUTE, 5 * SECOND),
          meters.counter("emitted"),
          meters.counter("late"));
  private long streamTime = Long.MIN_VALUE;

  @Test
  void aReadingCostsOneGetAndOnePutOfItsDeviceAndTheCloseIndexIsTouchedOncePerGap() {
    context.addStateStore(
        counting(TelemetryTopology.SESSION_STORE, StateSerdes.DEVICE_SESSIONS, openCalls));
    context.addStateStore(
        counting(TelemetryTopology.SESSION_CLOSE_STORE, Serdes.String(), closingCalls));
    processor.init(context);
    int devices = 100;
    long readings = 0;
    for (long t = T0; t < T0 + 4 * 60 * MINUTE; t += 10 * SECOND) { // 4 hours, every 10 s
      for (int d = 0; d < devices; d++) {
        process("d-" + d, t + d);
        readings++;
      }
    }

    // Each device is filed in the close index once, then re-filed whenever its filing time (its
    // session's earliest possible close) comes while it is still active: about every 30 minutes
    // 5 s, 7-8 times in 4 hours. Each re-filing reads and writes the device's entry once more.
    int filings = closingCalls.get("put");
    int refilings = filings - devices;
    assertThat(filings).isBetween(devices * 8, devices * 9);
    assertThat(openCalls).containsOnlyKeys("get", "put");
    assertThat(openCalls.get("get")).isEqualTo((int) readings + refilings);
    assertThat(openCalls.get("put")).isEqualTo((int) readings + refilings);
    assertThat(closingCalls.get("delete")).isEqualTo(refilings);
    assertThat(closingCalls.get("range"))
        .as("scans only when a filing is due")
        .isLessThanOrEqualTo(filings);
    long accesses =
        openCalls.values().stream().mapToLong(Integer::longValue).sum()
            + closingCalls.values().stream().mapToLong(Integer::longValue).sum();
    assertThat((double) accesses / readings).isLessThan(2.05);
    assertThat(context.forwarded()).isEmpty();
  }

  @Test
  void silentDevicesAreEmittedInOrderOfTheirEndAndLeaveNothingBehind() {
    context.addStateStore(
        counting(TelemetryTopology.SESSION_STORE, StateSerdes.DEVICE_SESSIONS, openCalls));
    context.addStateStore(
        counting(TelemetryTopology.SESSION_CLOSE_STORE, Serdes.String(), closingCalls));
    processor.init(context);
    process("b", T0 + 2 * SECOND);
    process("a", T0 + 3 * SECOND);
    process("c", T0 + SECOND);

    process("z", T0 + 40 * MINUTE);

    assertThat(context.forwarded())
        .extracting(f -> f.record().key(), f -> f.record().timestamp())
        .containsExactly(
            tuple("c", T0 + SECOND), tuple("b", T0 + 2 * SECOND), tuple("a", T0 + 3 * SECOND));
    KeyValueStore<String, ?> open = context.getStateStore(TelemetryTopology.SESSION_STORE);
    KeyValueStore<String, ?> closing = context.getStateStore(TelemetryTopology.SESSION_CLOSE_STORE);
    assertThat(open.approximateNumEntries()).isEqualTo(1);
    assertThat(closing.approximateNumEntries()).isEqualTo(1);
  }

  private void process(String sensorId, long eventTime) {
    streamTime = Math.max(streamTime, eventTime);
    CanonicalReading reading =
        new CanonicalReading(
            sensorId, "smart-meter", "power_w", 1, "W", eventTime, eventTime, null, null);
    processor.process(
        new Record<>(sensorId, new GatedReading(reading, false, 0, 0, streamTime), eventTime));
  }

  /** The real in-memory store, every call counted by method name. */
  @SuppressWarnings("unchecked")
  private <V> KeyValueStore<String, V> counting(
      String name, Serde<V> values, Map<String, Integer> calls) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .withCachingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    return (KeyValueStore<String, V>)
        Proxy.newProxyInstance(
            KeyValueStore.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("name")
                  && !method.getName().equals("approximateNumEntries")) {
                calls.merge(method.getName(), 1, Integer::sum);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
