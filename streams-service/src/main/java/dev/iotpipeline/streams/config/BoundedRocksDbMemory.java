package dev.iotpipeline.streams.config;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of this instance (decision 0322), as Kafka Streams'
 * memory-management guide sets it up: a shared block cache holds the index and filter blocks too,
 * and the memtables are charged to the same cache through a shared write-buffer manager.
 *
 * <p>Without it each store instance has its own 50 MB block cache and up to three 16 MB memtables.
 * A task holds nine stores, an instance several active tasks and, with standby replicas (one per
 * task on ECS, 0318), as many standby tasks again: off-heap memory grew with the partitions an
 * instance happens to hold, past the 2 GB of the Fargate task, where the container is killed rather
 * than slowed.
 *
 * <p>Kafka Streams makes this class by name, so the budget comes from the Streams configuration:
 * {@value #TOTAL_MB} (default {@value #DEFAULT_TOTAL_MB} MiB, {@code STREAMS_ROCKSDB_MEMORY_MB}) of
 * which {@value #MEMTABLE_SHARE} go to memtables.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** The Streams configuration key of the budget, in MiB. */
  public static final String TOTAL_MB = "iot.rocksdb.memory.mb";

  static final long DEFAULT_TOTAL_MB = 256;

  /**
   * Memtables' share of the budget (the rest: data, index and filter blocks). Half (a quarter until
   * decision 0327): every reading rewrites its device's entry, so with 100,000 devices the
   * memtables take ~40 MB/s of entries that are stale a second later; each flush of a full
   * write-buffer budget wrote nearly every device's entry to an SST file for compactions to merge
   * again, and a larger budget absorbs more rewrites in memory (RocksDB's threads 5.1 → 2.7 µs per
   * reading). The block cache needs less since the pane blocks are keyed by time.
   */
  static final double MEMTABLE_SHARE = 0.5;

  /** Index and filter blocks are kept in the cache's high-priority pool, up to this share. */
  private static final double INDEX_FILTER_SHARE = 0.1;

  private static Cache cache;
  private static WriteBufferManager writeBuffers;
  private static long budget;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long total = totalBytes(configs.get(TOTAL_MB));
    // Kafka Streams' stores come with a block-based table config; a bare Options gets one.
    BlockBasedTableConfig table =
        options.tableFormatConfig() instanceof BlockBasedTableConfig given
            ? given
            : new BlockBasedTableConfig();
    table.setBlockCache(sharedCache(total));
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBuffers);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store: never closed by one.
  }

  /** The cache every store shares, made with the first store's budget. */
  private static synchronized Cache sharedCache(long total) {
    if (cache == null) {
      cache = new LRUCache(total, -1, false, INDEX_FILTER_SHARE);
      writeBuffers = new WriteBufferManager((long) (total * MEMTABLE_SHARE), cache);
      budget = total;
    }
    return cache; // one process, one budget: a second client in the JVM (tests) shares the first's
  }

  /** The budget in bytes, from the setting (MiB) or the default. */
  static long totalBytes(Object setting) {
    if (setting == null || setting.toString().isBlank()) {
      return DEFAULT_TOTAL_MB * 1024 * 1024;
    }
    long mb;
    try {
      mb = Long.parseLong(setting.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(TOTAL_MB, setting, "must be a whole number of MiB");
    }
    if (mb < 16) {
      throw new ConfigException(TOTAL_MB, setting, "must be at least 16 (MiB)");
    }
    return mb * 1024 * 1024;
  }

  /** The budget in bytes the shared cache was made with; 0 before the first store opened. */
  public static synchronized long budget() {
    return budget;
  }

  /** The shared cache, for tests. */
  static synchronized Cache cache() {
    return cache;
  }
}
