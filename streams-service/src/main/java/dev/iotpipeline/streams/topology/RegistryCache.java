package dev.iotpipeline.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.iotpipeline.contracts.Device;

/**
 * The registry entries the stream threads have looked up, parsed, in front of the registry's
 * GlobalKTable store (decision 0319). Every reading needs its device twice (detection's enrichment
 * and the region count), and each lookup in the store was a RocksDB read and a JSON parse of the
 * entry: 18 % of the stream threads' time with 100,000 registered meters. A device's entry changes
 * seldom, so the parsed entry, or the fact that there is none, is kept here until the registry
 * changes it.
 *
 * <p>It is never stale: the store is wrapped ({@link #wrap}) so that every write of the global
 * thread to a key drops that key here after the write, and a lookup that loads a key runs
 * atomically with respect to that drop (Caffeine computes and removes a key under the same lock),
 * so a lookup racing a write either loads the new entry or is dropped by it. Opening the store
 * (start-up, and again when the global thread rebuilds it) drops everything. The store must have no
 * record cache in front of it: that would hold a write back from the store, and so from here, until
 * the global thread's next commit (found by {@code StreamsServiceIntegrationTest} on the real
 * broker, where the driver of the topology tests flushes after every record).
 *
 * <p>Bounded by entry count; a device beyond it is read from the store as before.
 */
public final class RegistryCache {

  private final Cache<String, Optional<Device>> parsed;

  /** Keeps at most {@code maxDevices} parsed entries (0: none, every lookup reads the store). */
  public RegistryCache(long maxDevices) {
    if (maxDevices < 0) {
      throw new IllegalArgumentException(
          "pipeline.stores.registry-cache-size must be 0 or more, not " + maxDevices);
    }
    // Caffeine's upkeep (the eviction policy's bookkeeping of reads) runs on the stream thread that
    // triggers it. By default it is handed to the common ForkJoinPool: waking a pool thread every
    // few lookups cost 2.6 µs of CPU per reading in the benchmark, and doing the upkeep on the
    // stream threads made them no slower beyond the run-to-run noise.
    this.parsed = Caffeine.newBuilder().maximumSize(maxDevices).executor(Runnable::run).build();
  }

  /** The device's registry entry, or null when it is not registered. */
  Device device(String sensorId, ReadOnlyKeyValueStore<String, ValueAndTimestamp<Device>> store) {
    return parsed
        .get(
            sensorId,
            id -> {
              ValueAndTimestamp<Device> entry = store.get(id);
              return Optional.ofNullable(entry == null ? null : entry.value());
            })
        .orElse(null);
  }

  /** How many parsed entries are kept now (for tests). */
  long size() {
    parsed.cleanUp();
    return parsed.estimatedSize();
  }

  /** The registry store's supplier, wrapped so that every write drops the written key here. */
  KeyValueBytesStoreSupplier wrap(KeyValueBytesStoreSupplier supplier) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return supplier.name();
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new Invalidating(supplier.get());
      }

      @Override
      public String metricsScope() {
        return supplier.metricsScope();
      }
    };
  }

  private void dropped(Bytes key) {
    // The registry's keys are sensor ids written by the String serde (UTF-8).
    parsed.invalidate(new String(key.get(), StandardCharsets.UTF_8));
  }

  /** The store itself, unchanged, telling the cache which key each write changed. */
  private final class Invalidating implements KeyValueStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> store;

    Invalidating(KeyValueStore<Bytes, byte[]> store) {
      this.store = store;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      parsed.invalidateAll();
      store.init(context, root);
    }

    @Override
    public void put(Bytes key, byte[] value) {
      store.put(key, value);
      dropped(key);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      byte[] previous = store.putIfAbsent(key, value);
      dropped(key);
      return previous;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      store.putAll(entries);
      entries.forEach(entry -> dropped(entry.key));
    }

    @Override
    public byte[] delete(Bytes key) {
      byte[] previous = store.delete(key);
      dropped(key);
      return previous;
    }

    @Override
    public void close() {
      store.close();
      parsed.invalidateAll();
    }

    @Override
    public String name() {
      return store.name();
    }

    @Override
    public void flush() {
      store.flush();
    }

    @Override
    public boolean persistent() {
      return store.persistent();
    }

    @Override
    public boolean isOpen() {
      return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
      return store.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
      return store.getPosition();
    }

    @Override
    public byte[] get(Bytes key) {
      return store.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return store.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
      return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return store.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
      return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
        P prefix, PS prefixKeySerializer) {
      return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
      return store.approximateNumEntries();
    }
  }
}
