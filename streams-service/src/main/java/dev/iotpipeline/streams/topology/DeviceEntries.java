package dev.iotpipeline.streams.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.streams.model.SensorState;

/**
 * The devices' entries ({@link TelemetryTopology#DEVICE_STATE_STORE}) of one task as the per-device
 * processor reads and writes them (decision 0326). Every write goes to the store, and so to its
 * changelog, as before; the entry written is also kept here, so that the device's next reading
 * finds it without a store read: a RocksDB read through JNI and the binary parse of the entry were
 * an eighth of the stream threads' time with 100,000 meters.
 *
 * <p>Kept in its binary form ({@link StateSerdes#SENSOR_STATE}), one array per device, and parsed
 * again when read (decision 0327): kept parsed, an entry was a graph of ~20 small objects that
 * lived until the device's next reading, long enough for every young collection to copy nearly all
 * of them (GC threads 2.6 µs per reading; 0.8 µs kept as bytes, for 0.6 µs more of parsing).
 *
 * <p>Never stale, because nothing else writes the store while the task runs: the {@link
 * SensorProcessor} that owns this is the store's only writer (presence changes reach it through the
 * same processor); restoration, and a task's revival after an aborted transaction, happen before
 * its {@code init}, which starts with nothing kept; the SILENCE check and the interactive queries
 * only read the store, which every write reaches first.
 *
 * <p>Bounded per instance by entry count ({@code pipeline.stores.device-cache-size}, one {@link
 * Budget} for the instance's tasks): once it is spent, a device not kept yet is read from the store
 * each time, as before, and the kept ones stay (with meters reporting in turn, no recency policy
 * keeps more useful entries). A task's entries go back to the budget when it closes or is revived.
 */
final class DeviceEntries {

  /** How many entries the tasks of one instance may keep between them. */
  static final class Budget {
    private final AtomicLong left;

    Budget(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException(
            "pipeline.stores.device-cache-size must be 0 or more, not " + entries);
      }
      this.left = new AtomicLong(entries);
    }

    private boolean take() {
      if (left.decrementAndGet() >= 0) {
        return true;
      }
      left.incrementAndGet();
      return false;
    }

    private void giveBack(long entries) {
      left.addAndGet(entries);
    }

    /** Entries not taken (for tests). */
    long left() {
      return left.get();
    }
  }

  private static final Serde<SensorState> ENTRIES = StateSerdes.SENSOR_STATE;

  /** The "topic" the serde is told of (it names it in its errors only). */
  private static final String KEPT = "device-entries-kept";

  private final KeyValueStore<String, SensorState> store;
  private final Budget budget;
  private final Map<String, byte[]> kept = new HashMap<>();

  DeviceEntries(KeyValueStore<String, SensorState> store, Budget budget) {
    this.store = store;
    this.budget = budget;
  }

  /** The device's entry, or null before anything was kept for it. */
  SensorState get(String sensorId) {
    byte[] bytes = kept.get(sensorId);
    if (bytes != null) {
      return ENTRIES.deserializer().deserialize(KEPT, bytes);
    }
    SensorState entry = store.get(sensorId);
    if (entry != null && budget.take()) {
      kept.put(sensorId, ENTRIES.serializer().serialize(KEPT, entry));
    }
    return entry;
  }

  /** Writes the device's entry to the store and keeps it (if it is kept or the budget allows). */
  void put(String sensorId, SensorState entry) {
    store.put(sensorId, entry);
    if (kept.containsKey(sensorId) || budget.take()) {
      kept.put(sensorId, ENTRIES.serializer().serialize(KEPT, entry));
    }
  }

  /** Forgets every kept entry and gives them back to the budget. */
  void release() {
    budget.giveBack(kept.size());
    kept.clear();
  }
}
