package dev.iotpipeline.streams.topology;

import static dev.iotpipeline.streams.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.contracts.WindowSchemas;

/**
 * The seed's other windows in the production topology: counts by region per minute, 10-minute
 * hopping aggregates, sessions with a 30-minute gap; each final, each switchable. Every test ends
 * by proving that none of these topics holds anything more (the 5-minute aggregates and alerts of
 * the same readings are {@link WindowTopologyTest}'s and {@link DetectionTopologyTest}'s).
 */
class SeedWindowsTopologyTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long GRACE = 5 * SECOND;
  private static final String TYPE = "weather-station";
  private static final String METRIC = "humidity";

  private TopologyFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  // ---- counts by region, 1-minute tumbling ----

  @Test
  void countsReadingsPerRegionOncePerMinuteWhenTheFollowingWindowHasClosedToo() {
    f = TopologyFixture.start();
    f.register(device("m-1", "1 Grid Street, Springfield"));
    f.register(device("m-2", "2 Elm Road,Springfield "));
    f.register(device("m-3", "9 Hill Lane, Shelbyville"));
    f.send("m-1", TYPE, METRIC, 1, T0);
    f.send("m-1", TYPE, "temperature", 1, T0);
    f.send("m-2", TYPE, METRIC, 1, T0 + 30 * SECOND);
    f.send("m-3", TYPE, METRIC, 1, T0 + MINUTE - 1);
    f.send("unregistered", TYPE, METRIC, 1, T0 + 10 * SECOND);
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE); // exactly at the end: the next window
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE + GRACE - 1);
    f.send("m-2", TYPE, METRIC, 1, T0 + MINUTE + GRACE); // closes [T0, T0+1m): partials out
    f.send("m-1", TYPE, METRIC, 1, T0 + 2 * MINUTE + GRACE - 1);
    assertThat(f.countsByRegion.isEmpty())
        .as("summed when a partial of a later window arrives, at its end + grace")
        .isTrue();

    f.send("m-2", TYPE, METRIC, 1, T0 + 2 * MINUTE + GRACE);

    List<RegionCount> counts = f.readCountsByRegion();
    assertThat(counts)
        .containsExactlyInAnyOrder(
            new RegionCount("Springfield", T0, T0 + MINUTE, 3),
            new RegionCount("Shelbyville", T0, T0 + MINUTE, 1),
            new RegionCount("unknown", T0, T0 + MINUTE, 1));
    assertThat(WindowSchemas.get().validate(WindowSchemas.REGION_COUNT, counts.get(0))).isEmpty();
    f.send("m-2", TYPE, METRIC, 1, T0 + 3 * MINUTE + GRACE);
    assertThat(f.readCountsByRegion())
        .containsExactly(new RegionCount("Springfield", T0 + MINUTE, T0 + 2 * MINUTE, 3));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingBeyondTheRegionWindowsGraceIsNotCounted() {
    f = TopologyFixture.start();
    f.register(device("m-1", "1 Grid Street, Springfield"));
    f.send("m-1", TYPE, METRIC, 1, T0);
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE + GRACE);
    f.send("m-1", TYPE, METRIC, 1, T0 + 30 * SECOND); // its window has closed

    f.send("m-1", TYPE, METRIC, 1, T0 + 2 * MINUTE + GRACE);
    List<RegionCount> first = f.readCountsByRegion();
    f.send("m-1", TYPE, METRIC, 1, T0 + 3 * MINUTE + GRACE);

    assertThat(first).containsExactly(new RegionCount("Springfield", T0, T0 + MINUTE, 1));
    assertThat(f.readCountsByRegion())
        .containsExactly(new RegionCount("Springfield", T0 + MINUTE, T0 + 2 * MINUTE, 1));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingBeyondTheRegionWindowsGraceIsMeteredAsLate() {
    f = TopologyFixture.start();
    f.send("m-1", TYPE, METRIC, 1, T0);
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE + GRACE - 1);
    f.send("m-1", TYPE, METRIC, 1, T0 + 30 * SECOND); // within grace: counted
    assertThat(f.counter("pipeline.region-counts.late")).isZero();

    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE + GRACE);
    f.send("m-1", TYPE, METRIC, 1, T0 + 30 * SECOND); // window end + grace reached: late
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE - 1);

    assertThat(f.counter("pipeline.region-counts.late")).isEqualTo(2);
    f.send("m-1", TYPE, METRIC, 1, T0 + 2 * MINUTE + GRACE);
    assertThat(f.readCountsByRegion())
        .containsExactly(new RegionCount("unknown", T0, T0 + MINUTE, 2));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void regionCountIsEmittedWhenTheNextPartialComesHalfAnHourLater() {
    f = regionCountsOnly();
    f.register(device("m-1", "1 Grid Street, Springfield"));
    f.send("m-1", TYPE, METRIC, 1, T0);
    f.send("m-1", TYPE, METRIC, 1, T0 + 30 * MINUTE); // closes [T0, T0+1m): its partial
    assertThat(f.countsByRegion.isEmpty()).isTrue();

    f.send("m-1", TYPE, METRIC, 1, T0 + 31 * MINUTE + GRACE); // the next partial, 30 windows on

    TestRecord<String, String> record = f.countsByRegion.readRecord();
    assertThat(record.key()).isEqualTo("Springfield");
    assertThat(record.timestamp()).as("the window start, as the partials'").isEqualTo(T0);
    assertThat(TopologyFixture.parse(record.value(), RegionCount.class))
        .isEqualTo(new RegionCount("Springfield", T0, T0 + MINUTE, 1));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void partialsOfOneRegionAndWindowFromTwoTasksAreEmittedAsOneCount() {
    f = regionCountsOnly();
    f.register(device("m-1", "1 Grid Street, Springfield"));
    f.send("m-1", TYPE, METRIC, 1, T0);
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE + GRACE); // this task's partial: 1
    // Another task, a little behind this one, closes the same window.
    f.sendPartial(new RegionCount("Springfield", T0, T0 + MINUTE, 5));
    f.sendPartial(new RegionCount("Shelbyville", T0, T0 + MINUTE, 2));
    assertThat(f.countsByRegion.isEmpty()).isTrue();

    f.send("m-1", TYPE, METRIC, 1, T0 + 2 * MINUTE + GRACE); // this task's next partial

    assertThat(f.readCountsByRegion())
        .containsExactlyInAnyOrder(
            new RegionCount("Springfield", T0, T0 + MINUTE, 6),
            new RegionCount("Shelbyville", T0, T0 + MINUTE, 2));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void partialOfAWindowArrivingAfterALaterWindowsPartialIsDroppedAsLate() {
    f = regionCountsOnly();
    f.register(device("m-1", "1 Grid Street, Springfield"));
    f.send("m-1", TYPE, METRIC, 1, T0);
    f.send("m-1", TYPE, METRIC, 1, T0 + MINUTE + GRACE);
    f.send("m-1", TYPE, METRIC, 1, T0 + 2 * MINUTE + GRACE); // [T0, T0+1m) summed and emitted
    assertThat(f.readCountsByRegion())
        .containsExactly(new RegionCount("Springfield", T0, T0 + MINUTE, 1));
    double dropped = f.droppedRecords();

    // A task a whole window behind this one closes [T0, T0+1m) only now.
    f.sendPartial(new RegionCount("Springfield", T0, T0 + MINUTE, 5));
    f.send("m-1", TYPE, METRIC, 1, T0 + 3 * MINUTE + GRACE);

    assertThat(f.droppedRecords() - dropped).isEqualTo(1);
    assertThat(f.readCountsByRegion())
        .as("the emitted window is final; the next one is not touched")
        .containsExactly(new RegionCount("Springfield", T0 + MINUTE, T0 + 2 * MINUTE, 1));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  // ---- hopping aggregates, 10 minutes advancing by 5 ----

  @Test
  void hoppingReadingInTheOverlapCountsInBothWindowsAndTheEndBelongsToTheNext() {
    f = TopologyFixture.start();
    f.send("s-1", TYPE, METRIC, 10, T0 + 2 * MINUTE); // [T0-5m, T0+5m) and [T0, T0+10m)
    f.send("s-1", TYPE, METRIC, 20, T0 + 6 * MINUTE); // [T0, T0+10m) and [T0+5m, T0+15m)
    f.send("s-1", TYPE, METRIC, 40, T0 + 10 * MINUTE); // [T0+5m, T0+15m) and [T0+10m, T0+20m)
    List<WindowAggregate> first = f.readHoppingAggregates();

    f.send("s-1", TYPE, METRIC, 0, T0 + 10 * MINUTE + GRACE - 1);
    assertThat(f.hoppingAggregates.isEmpty()).as("[T0, T0+10m) open until end + grace").isTrue();
    f.send("s-1", TYPE, METRIC, 0, T0 + 10 * MINUTE + GRACE);
    List<WindowAggregate> second = f.readHoppingAggregates();

    assertThat(first)
        .containsExactly(
            new WindowAggregate(
                "s-1", TYPE, METRIC, T0 - 5 * MINUTE, T0 + 5 * MINUTE, 1, 10, 10, 10, 10));
    assertThat(second)
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + 10 * MINUTE, 2, 30, 15, 10, 20));
    assertThat(WindowSchemas.get().validate(WindowSchemas.HOPPING_AGGREGATE, second.get(0)))
        .isEmpty();

    f.send("s-1", TYPE, METRIC, 0, T0 + 15 * MINUTE + GRACE);
    assertThat(f.readHoppingAggregates())
        .containsExactly(
            new WindowAggregate(
                "s-1", TYPE, METRIC, T0 + 5 * MINUTE, T0 + 15 * MINUTE, 4, 60, 15, 0, 40));
    f.readCountsByRegion();
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void hoppingKeepsMetricsApartWithinOneSensorsWindow() {
    f = TopologyFixture.start(Map.of("pipeline.outputs.sessions.enabled", "false"));
    f.send("s-1", TYPE, METRIC, 50, T0 + MINUTE);
    f.send("s-1", TYPE, "temperature", 21, T0 + 2 * MINUTE);
    f.send("s-1", TYPE, "temperature", 23, T0 + 3 * MINUTE);
    f.readHoppingAggregates(); // [T0-5m, T0+5m) closes below too; this test looks at [T0, T0+10m)

    f.send("s-2", TYPE, METRIC, 0, T0 + 10 * MINUTE + GRACE);

    assertThat(f.readHoppingAggregates())
        .filteredOn(a -> a.windowStart() == T0)
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + 10 * MINUTE, 1, 50, 50, 50, 50),
            new WindowAggregate(
                "s-1", TYPE, "temperature", T0, T0 + 10 * MINUTE, 2, 44, 22, 21, 23));
    f.readCountsByRegion();
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingLateForItsFiveMinuteWindowIsReportedLateAndCountsInNoHoppingWindow() {
    f = onlyHopping(Map.of());
    f.send("s-1", TYPE, METRIC, 10, T0 + MINUTE);
    f.send("s-1", TYPE, METRIC, 0, T0 + 5 * MINUTE + GRACE); // closes [T0, T0+5m)
    assertThat(f.readHoppingAggregates())
        .containsExactly(
            new WindowAggregate(
                "s-1", TYPE, METRIC, T0 - 5 * MINUTE, T0 + 5 * MINUTE, 1, 10, 10, 10, 10));

    f.send("s-1", TYPE, METRIC, 99, T0 + 4 * MINUTE); // its 5-minute window has closed
    f.send("s-1", TYPE, METRIC, 0, T0 + 10 * MINUTE + GRACE);

    assertThat(f.readLate()).extracting(late -> late.reading().value()).containsExactly(99.0);
    assertThat(f.readHoppingAggregates())
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + 10 * MINUTE, 2, 10, 5, 0, 10));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void hoppingWindowsWithoutReadingsInTheirLastPanesCloseWhenStreamTimePassesTheirEnd() {
    f =
        onlyHopping(
            Map.of(
                "pipeline.outputs.hopping-aggregates.size", "15m",
                "pipeline.outputs.hopping-aggregates.advance", "5m"));
    f.send(
        "s-1", TYPE, METRIC, 7, T0 + MINUTE); // in [T0-10m, T0+5m), [T0-5m, T0+10m), [T0, T0+15m)
    f.send("s-2", TYPE, METRIC, 1, T0 + 15 * MINUTE + GRACE - 1);
    List<WindowAggregate> beforeEnd = f.readHoppingAggregates();

    f.send("s-2", TYPE, METRIC, 1, T0 + 15 * MINUTE + GRACE); // another sensor moves stream time

    assertThat(beforeEnd).extracting(WindowAggregate::windowEnd).doesNotContain(T0 + 15 * MINUTE);
    assertThat(f.readHoppingAggregates())
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + 15 * MINUTE, 1, 7, 7, 7, 7));
    assertThat(beforeEnd)
        .containsExactly(
            new WindowAggregate(
                "s-1", TYPE, METRIC, T0 - 10 * MINUTE, T0 + 5 * MINUTE, 1, 7, 7, 7, 7),
            new WindowAggregate(
                "s-1", TYPE, METRIC, T0 - 5 * MINUTE, T0 + 10 * MINUTE, 1, 7, 7, 7, 7));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void hoppingWindowsOfASensorThatFellSilentAreEmittedAfterAnHourWithoutReadings() {
    f = onlyHopping(Map.of());
    f.send("s-1", TYPE, METRIC, 3, T0 + MINUTE);

    f.send("s-2", TYPE, METRIC, 1, T0 + 58 * MINUTE); // nothing from s-1 since

    assertThat(f.readHoppingAggregates())
        .containsExactly(
            new WindowAggregate(
                "s-1", TYPE, METRIC, T0 - 5 * MINUTE, T0 + 5 * MINUTE, 1, 3, 3, 3, 3),
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + 10 * MINUTE, 1, 3, 3, 3, 3));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void hoppingSizeThatIsNoMultipleOfTheFiveMinuteWindowStopsTheTopologyNamingTheKey() {
    assertThatThrownBy(
            () -> TopologyFixture.start(Map.of("pipeline.outputs.hopping-aggregates.size", "12m")))
        .hasMessageContaining("pipeline.outputs.hopping-aggregates.size")
        .hasMessageContaining("multiple of pipeline.windows.size");
  }

  /** The topology with the hopping aggregates as its only seed window. */
  private static TopologyFixture onlyHopping(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("pipeline.outputs.counts-by-region.enabled", "false");
    all.put("pipeline.outputs.sessions.enabled", "false");
    return TopologyFixture.start(all);
  }

  // ---- sessions, 30-minute inactivity gap ----

  @Test
  void readingsWithinTheGapFormOneSessionEmittedWhenItCanNoLongerGrow() {
    f = TopologyFixture.start();
    f.send("s-1", TYPE, METRIC, 1, T0);
    f.send("s-1", TYPE, METRIC, 1, T0 + 20 * MINUTE);
    f.send("s-1", TYPE, "temperature", 1, T0 + 50 * MINUTE); // exactly the gap after the last
    f.send("s-2", TYPE, METRIC, 1, T0 + 80 * MINUTE + GRACE - 1);
    assertThat(f.sessions.isEmpty()).as("open until last + gap + grace").isTrue();

    f.send("s-2", TYPE, METRIC, 1, T0 + 80 * MINUTE + GRACE);

    List<DeviceSession> sessions = f.readSessions();
    assertThat(sessions).containsExactly(new DeviceSession("s-1", TYPE, T0, T0 + 50 * MINUTE, 3));
    assertThat(WindowSchemas.get().validate(WindowSchemas.DEVICE_SESSION, sessions.get(0)))
        .isEmpty();
    f.readCountsByRegion();
    f.readHoppingAggregates();
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingsFurtherApartThanTheGapAreTwoSessions() {
    f = TopologyFixture.start();
    f.send("s-1", TYPE, METRIC, 1, T0);
    f.send("s-1", TYPE, METRIC, 1, T0 + 30 * MINUTE + 1);

    f.send("s-2", TYPE, METRIC, 1, T0 + 61 * MINUTE);

    assertThat(f.readSessions())
        .containsExactly(
            new DeviceSession("s-1", TYPE, T0, T0, 1),
            new DeviceSession("s-1", TYPE, T0 + 30 * MINUTE + 1, T0 + 30 * MINUTE + 1, 1));
    f.readCountsByRegion();
    f.readHoppingAggregates();
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void outOfOrderReadingBetweenTwoOpenSessionsMergesThemIntoOne() {
    f =
        TopologyFixture.start(
            Map.of(
                "pipeline.outputs.sessions.grace", "15m",
                "pipeline.outputs.counts-by-region.enabled", "false",
                "pipeline.outputs.hopping-aggregates.enabled", "false"));
    f.send("s-1", TYPE, METRIC, 1, T0);
    f.send("s-1", TYPE, METRIC, 1, T0 + 40 * MINUTE); // 40 min apart: two sessions, both open
    f.send("s-1", TYPE, METRIC, 1, T0 + 20 * MINUTE); // within the gap of both

    f.send("s-2", TYPE, METRIC, 1, T0 + 40 * MINUTE + 30 * MINUTE + 15 * MINUTE);

    assertThat(f.readSessions())
        .containsExactly(new DeviceSession("s-1", TYPE, T0, T0 + 40 * MINUTE, 3));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  // ---- switches ----

  @Test
  void disabledOutputsEmitNothingAndKeepNoState() {
    f =
        TopologyFixture.start(
            Map.of(
                "pipeline.outputs.counts-by-region.enabled", "false",
                "pipeline.outputs.hopping-aggregates.enabled", "false",
                "pipeline.outputs.sessions.enabled", "false"));
    f.register(device("m-1", "1 Grid Street, Springfield"));
    for (long t = T0; t <= T0 + 3 * 60 * MINUTE; t += 5 * MINUTE) {
      f.send("m-1", TYPE, METRIC, 1, t);
    }

    assertThat(f.readAggregates()).as("the 5-minute aggregates still run").isNotEmpty();
    assertThat(f.driver.getStateStore(TelemetryTopology.COUNTS_BY_REGION_PARTIAL_STORE)).isNull();
    assertThat(f.driver.getStateStore(TelemetryTopology.COUNTS_BY_REGION_MERGED_STORE)).isNull();
    assertThat(f.driver.getStateStore(TelemetryTopology.HOPPING_STORE)).isNull();
    assertThat(f.driver.getStateStore(TelemetryTopology.SESSION_CLOSE_STORE)).isNull();
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void hoppingAdvanceLargerThanTheSizeStopsTheTopologyNamingTheKey() {
    assertThatThrownBy(
            () ->
                TopologyFixture.start(
                    Map.of(
                        "pipeline.outputs.hopping-aggregates.size", "5m",
                        "pipeline.outputs.hopping-aggregates.advance", "10m")))
        .hasMessageContaining("pipeline.outputs.hopping-aggregates.advance");
  }

  private static TopologyFixture regionCountsOnly() {
    return TopologyFixture.start(
        Map.of(
            "pipeline.outputs.hopping-aggregates.enabled", "false",
            "pipeline.outputs.sessions.enabled", "false"));
  }

  private static Device device(String sensorId, String address) {
    return new Device(sensorId, TYPE, "c-1", address, "ACTIVE", null, null, null);
  }
}
