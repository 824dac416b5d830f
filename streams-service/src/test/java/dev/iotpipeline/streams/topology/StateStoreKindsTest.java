package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Which stores live in memory and which in RocksDB (decision 0327): the devices' entries, rewritten
 * by every reading, in memory unless told otherwise; the rest in RocksDB unless every store is told
 * to be in memory.
 */
class StateStoreKindsTest {

  private static final List<String> ROCKSDB_STORES =
      List.of(
          TelemetryTopology.PANE_BLOCK_STORE,
          TelemetryTopology.EPISODE_STORE,
          TelemetryTopology.AGGREGATE_CLOSE_STORE,
          TelemetryTopology.LATEST_AGGREGATE_STORE,
          TelemetryTopology.STREAM_TIME_STORE);

  @Test
  void theDevicesEntriesAreInMemoryAndTheOtherStoresInRocksDbByDefault() {
    try (TopologyFixture fixture =
        TopologyFixture.start(Map.of("pipeline.stores.in-memory", "false"))) {
      assertThat(fixture.driver.getKeyValueStore(TelemetryTopology.DEVICE_STATE_STORE).persistent())
          .isFalse();
      for (String store : ROCKSDB_STORES) {
        assertThat(fixture.driver.getKeyValueStore(store).persistent()).as(store).isTrue();
      }
    }
  }

  @Test
  void theDevicesEntriesAreInRocksDbWhenSetSo() {
    try (TopologyFixture fixture =
        TopologyFixture.start(
            Map.of(
                "pipeline.stores.in-memory", "false",
                "pipeline.stores.device-state-in-memory", "false"))) {
      assertThat(fixture.driver.getKeyValueStore(TelemetryTopology.DEVICE_STATE_STORE).persistent())
          .isTrue();
    }
  }
}
