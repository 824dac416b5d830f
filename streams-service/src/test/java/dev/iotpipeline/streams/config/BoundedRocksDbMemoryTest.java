package dev.iotpipeline.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Every store gets the one shared cache and write-buffer manager; a bad budget stops start-up
 * naming the setting (decision 0322). The service's own RocksDB stores run with it in every
 * integration test (it is in application.properties).
 */
class BoundedRocksDbMemoryTest {

  static {
    RocksDB.loadLibrary();
  }

  @Test
  void everyStoreSharesTheOneCacheMadeWithTheFirstStoresBudget() {
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    try (Options first = new Options();
        Options second = new Options()) {
      setter.setConfig("device-state", first, Map.of(BoundedRocksDbMemory.TOTAL_MB, "64"));
      setter.setConfig("baseline-hour-panes", second, Map.of());

      BlockBasedTableConfig a = (BlockBasedTableConfig) first.tableFormatConfig();
      BlockBasedTableConfig b = (BlockBasedTableConfig) second.tableFormatConfig();
      assertThat(a.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(b.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(BoundedRocksDbMemory.cache()).isNotNull();
      assertThat(BoundedRocksDbMemory.budget())
          .as("made once, by whichever store opened first in this JVM")
          .isPositive();
      setter.close("device-state", first);
      assertThat(BoundedRocksDbMemory.cache().isOwningHandle())
          .as("a store closing leaves the shared cache open")
          .isTrue();
    }
  }

  @Test
  void theBudgetIsReadInMibWithADefault() {
    assertThat(BoundedRocksDbMemory.totalBytes(null)).isEqualTo(256L * 1024 * 1024);
    assertThat(BoundedRocksDbMemory.totalBytes(" 512 ")).isEqualTo(512L * 1024 * 1024);
  }

  @Test
  void aBadBudgetIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> BoundedRocksDbMemory.totalBytes("lots"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(BoundedRocksDbMemory.TOTAL_MB);
    assertThatThrownBy(() -> BoundedRocksDbMemory.totalBytes("8"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(BoundedRocksDbMemory.TOTAL_MB)
        .hasMessageContaining("at least 16");
  }
}
