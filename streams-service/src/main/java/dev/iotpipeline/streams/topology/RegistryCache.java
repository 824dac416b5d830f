package dev.iotpipeline.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.streams.model.RegistryEntry;

/**
 * The registry entries the stream threads have looked up, parsed, in front of the registry's
 * GlobalKTable store (decision 0319). Every reading needs its device (the lateness gate looks it up
 * once for detection's enrichment and the region count), and each lookup in the store was a RocksDB
 * read and a JSON parse of the entry: 18 % of the stream threads' time with 100,000 registered
 * meters. A device's entry changes seldom, so the parsed entry, or the fact that there is none, is
 * kept here until the registry changes it.
 *
 * <p>It is never stale: the store is wrapped ({@link #wrap}) so that every write of the global
 * thread to a key drops that key here after the write, and a lookup that loads a key runs
 * atomically with respect to that drop (the map computes and removes a key under the same lock), so
 * a lookup racing a write either loads the new entry or is dropped by it. Opening the store
 * (start-up, and again when the global thread rebuilds it) drops everything. The store must have no
 * record cache in front of it: that would hold a write back from the store, and so from here, until
 * the global thread's next commit (found by {@code StreamsServiceIntegrationTest} on the real
 * broker, where the driver of the topology tests flushes after every record).
 *
 * <p>Bounded by entry count, without eviction: once full, a device not kept yet is read from the
 * store on every lookup, as before, while the kept ones stay until the registry changes them. A
 * plain concurrent map, not a cache library's: Caffeine's bookkeeping of every read for its
 * eviction policy (reordering its access queues) cost as much as the lookup itself, 6 % of the
 * stream threads' time, and with devices that report in turn (every meter every few seconds) no
 * recency policy keeps more useful entries than keeping the first ones does.
 */
public final class RegistryCache {

  private final long maxDevices;
  private final Map<String, RegistryEntry> parsed = new ConcurrentHashMap<>();

  /**
   * Keeps at most about {@code maxDevices} parsed entries (0: none, every lookup reads the store).
   */
  public RegistryCache(long maxDevices) {
    if (maxDevices < 0) {
      throw new IllegalArgumentException(
          "pipeline.stores.registry-cache-size must be 0 or more, not " + maxDevices);
    }
    this.maxDevices = maxDevices;
  }

  /** What the registry says of the device ({@link RegistryEntry#UNREGISTERED}: nothing). */
  RegistryEntry entry(
      String sensorId, ReadOnlyKeyValueStore<String, ValueAndTimestamp<Device>> store) {
    RegistryEntry kept = parsed.get(sensorId);
    if (kept != null) {
      return kept;
    }
    // The check and the insert are not one step: with several stream threads the map may pass the
    // bound by a few entries.
    if (parsed.size() >= maxDevices) {
      return load(sensorId, store);
    }
    return parsed.computeIfAbsent(sensorId, id -> load(id, store));
  }

  /** The device's registry entry, or null when it is not registered. */
  Device device(String sensorId, ReadOnlyKeyValueStore<String, ValueAndTimestamp<Device>> store) {
    return entry(sensorId, store).device();
  }

  private static RegistryEntry load(
      String sensorId, ReadOnlyKeyValueStore<String, ValueAndTimestamp<Device>> store) {
    ValueAndTimestamp<Device> stored = store.get(sensorId);
    return RegistryEntry.of(stored == null ? null : stored.value());
  }

  /** How many parsed entries are kept now (for tests). */
  long size() {
    return parsed.size();
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
    parsed.remove(new String(key.get(), StandardCharsets.UTF_8));
  }

  /** The store itself, unchanged, telling the cache which key each write changed. */
  private final class Invalidating implements KeyValueStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> store;

    Invalidating(KeyValueStore<Bytes, byte[]> store) {
      this.store = store;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      parsed.clear();
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
      parsed.clear();
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
