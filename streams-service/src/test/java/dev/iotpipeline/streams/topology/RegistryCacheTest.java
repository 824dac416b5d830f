package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Device;

/**
 * The parsed registry entries: what the stream threads see is always what the store holds now, and
 * the store is read once per entry while the registry leaves it alone.
 */
class RegistryCacheTest {

  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

  @Test
  void anEntryIsReadFromTheStoreOnceUntilTheRegistryWritesIt() {
    RegistryCache cache = new RegistryCache(100);
    TimestampedKeyValueStore<String, Device> store = registryStore(cache);
    AtomicInteger reads = new AtomicInteger();
    CountingReads counted = new CountingReads(store, reads);
    store.put("m-1", entry("m-1", "c-1"));

    for (int i = 0; i < 5; i++) {
      assertThat(cache.device("m-1", counted).customerId()).isEqualTo("c-1");
    }
    store.put("m-1", entry("m-1", "c-2"));
    assertThat(cache.device("m-1", counted).customerId()).isEqualTo("c-2");
    store.putAll(List.of(KeyValue.pair("m-1", entry("m-1", "c-3"))));
    assertThat(cache.device("m-1", counted).customerId()).isEqualTo("c-3");
    store.delete("m-1");
    assertThat(cache.device("m-1", counted)).isNull();
    assertThat(cache.device("m-1", counted)).as("not registered: remembered too").isNull();
    store.putIfAbsent("m-1", entry("m-1", "c-4"));
    assertThat(cache.device("m-1", counted).customerId()).isEqualTo("c-4");

    assertThat(reads).as("one read after each write, none in between").hasValue(5);
  }

  @Test
  void reopeningTheStoreForgetsEverythingKept() {
    RegistryCache cache = new RegistryCache(100);
    TimestampedKeyValueStore<String, Device> store = registryStore(cache);
    store.put("m-1", entry("m-1", "c-1"));
    cache.device("m-1", store);
    cache.device("m-2", store);
    assertThat(cache.size()).isEqualTo(2);

    store.close();

    assertThat(cache.size()).isZero();
  }

  @Test
  void beyondItsSizeTheFirstEntriesStayKeptAndOthersAreReadFromTheStoreStillCurrent() {
    RegistryCache none = new RegistryCache(0);
    TimestampedKeyValueStore<String, Device> store = registryStore(none);
    store.put("m-1", entry("m-1", "c-1"));
    assertThat(none.device("m-1", store).customerId()).isEqualTo("c-1");
    store.put("m-1", entry("m-1", "c-2"));
    assertThat(none.device("m-1", store).customerId()).isEqualTo("c-2");
    assertThat(none.size()).isZero();

    RegistryCache two = new RegistryCache(2);
    TimestampedKeyValueStore<String, Device> small = registryStore(two);
    for (int i = 0; i < 50; i++) {
      small.put("m-" + i, entry("m-" + i, "c-" + i));
      assertThat(two.device("m-" + i, small).customerId()).isEqualTo("c-" + i);
    }
    assertThat(two.size()).isEqualTo(2);
    AtomicInteger reads = new AtomicInteger();
    CountingReads counted = new CountingReads(small, reads);
    for (int round = 0; round < 3; round++) {
      assertThat(two.device("m-0", counted).customerId()).isEqualTo("c-0");
      assertThat(two.device("m-1", counted).customerId()).isEqualTo("c-1");
      assertThat(two.device("m-7", counted).customerId()).isEqualTo("c-7");
    }
    assertThat(reads).as("the first two kept, m-7 read every time").hasValue(3);
    small.put("m-7", entry("m-7", "c-77"));
    assertThat(two.device("m-7", small).customerId()).isEqualTo("c-77");
  }

  @Test
  void aNegativeSizeIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new RegistryCache(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline.stores.registry-cache-size");
  }

  private TimestampedKeyValueStore<String, Device> registryStore(RegistryCache cache) {
    return registryStore(cache, context.getStateStoreContext());
  }

  /**
   * The registry's store as the topology builds it (in memory here), wrapped by the cache, opened:
   * for the tests of the processors that look devices up.
   */
  static TimestampedKeyValueStore<String, Device> registryStore(
      RegistryCache cache, StateStoreContext context) {
    TimestampedKeyValueStore<String, Device> store =
        Stores.timestampedKeyValueStoreBuilder(
                cache.wrap(Stores.inMemoryKeyValueStore(TelemetryTopology.REGISTRY_STORE)),
                Serdes.String(),
                TelemetryTopology.DEVICE)
            .withLoggingDisabled()
            .build();
    store.init(context, store);
    return store;
  }

  private static ValueAndTimestamp<Device> entry(String sensorId, String customerId) {
    return ValueAndTimestamp.make(
        new Device(sensorId, "smart-meter", customerId, "1 Main St", "ACTIVE", null, null, null),
        0);
  }

  /** The store as the processors read it, counting the reads. */
  private record CountingReads(
      KeyValueStore<String, ValueAndTimestamp<Device>> store, AtomicInteger reads)
      implements org.apache.kafka.streams.state.ReadOnlyKeyValueStore<
          String, ValueAndTimestamp<Device>> {
    @Override
    public ValueAndTimestamp<Device> get(String key) {
      reads.incrementAndGet();
      return store.get(key);
    }

    @Override
    public org.apache.kafka.streams.state.KeyValueIterator<String, ValueAndTimestamp<Device>> range(
        String from, String to) {
      return store.range(from, to);
    }

    @Override
    public org.apache.kafka.streams.state.KeyValueIterator<String, ValueAndTimestamp<Device>>
        all() {
      return store.all();
    }

    @Override
    public long approximateNumEntries() {
      return store.approximateNumEntries();
    }
  }
}
