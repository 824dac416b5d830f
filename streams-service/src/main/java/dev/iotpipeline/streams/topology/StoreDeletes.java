package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/** Deletes from the topology's key-value stores. */
final class StoreDeletes {

  private StoreDeletes() {}

  /**
   * Deletes the key, its changelog tombstone included, without reading its value: {@link
   * KeyValueStore#delete} returns the old value, so a RocksDB store reads it first (a second
   * lookup, through JNI, of a key the caller has just read or scanned); a null put deletes the same
   * way without it.
   */
  static <K, V> void delete(KeyValueStore<K, V> store, K key) {
    store.put(key, null);
  }
}
