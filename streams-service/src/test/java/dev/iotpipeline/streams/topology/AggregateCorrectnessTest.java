package dev.iotpipeline.streams.topology;

import static dev.iotpipeline.streams.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.LateReading;
import dev.iotpipeline.contracts.WindowAggregate;

/**
 * 100,000 generated readings with out-of-order and late events through the production topology;
 * every 5-minute aggregate must equal a plain fold over the same input written here independently
 * (the spec's rule: a reading is late when its window end + grace is at or before the highest event
 * time seen so far; late readings are excluded and reported). The 10-minute hopping aggregates,
 * built from the closed 5-minute windows, must equal a fold over the same on-time readings per
 * hopping window.
 */
class AggregateCorrectnessTest {

  private static final int READINGS = 100_000;
  private static final long WINDOW = 300_000;
  private static final long GRACE = 5_000;
  private static final long HOPPING_SIZE = 600_000;
  private static final long HOPPING_ADVANCE = 300_000;

  private record Key(String sensorId, String metric, long windowStart) {}

  private record Expected(long count, double sum, double min, double max) {}

  @Test
  void everyAggregateEqualsAnIndependentFoldWithLateReadingsExcluded() {
    List<CanonicalReading> input = generate(new Random(20261124L));

    Map<Key, Expected> expected = new HashMap<>();
    Map<Key, Expected> expectedHopping = new HashMap<>();
    List<CanonicalReading> expectedLate = new ArrayList<>();
    long highest = Long.MIN_VALUE;
    for (CanonicalReading r : input) {
      long start = Math.floorDiv(r.eventTime(), WINDOW) * WINDOW;
      if (start + WINDOW + GRACE <= highest) {
        expectedLate.add(r);
        continue;
      }
      highest = Math.max(highest, r.eventTime());
      fold(expected, new Key(r.sensorId(), r.metric(), start), r.value());
      // Every hopping window [h, h + 10m), h a multiple of 5m, with h <= t < h + 10m.
      for (long h = Math.floorDiv(r.eventTime(), HOPPING_ADVANCE) * HOPPING_ADVANCE;
          h > r.eventTime() - HOPPING_SIZE;
          h -= HOPPING_ADVANCE) {
        fold(expectedHopping, new Key(r.sensorId(), r.metric(), h), r.value());
      }
    }

    Map<Key, Expected> actual = new HashMap<>();
    Map<Key, Expected> actualHopping = new HashMap<>();
    List<LateReading> late = new ArrayList<>();
    // Region counts and sessions have their own tests (SeedWindowsTopologyTest); off here, they
    // would only add their state updates to every one of the 100,000 readings.
    try (TopologyFixture f =
        TopologyFixture.start(
            Map.of(
                "pipeline.outputs.counts-by-region.enabled", "false",
                "pipeline.outputs.sessions.enabled", "false"))) {
      for (int i = 0; i < input.size(); i++) {
        f.send(input.get(i));
        if (i % 10_000 == 0) {
          collect(f, actual, actualHopping, late);
        }
      }
      // A reading far ahead closes every window of the input (its own stays open).
      f.send("closer", "probe", "x", 0, highest + 10 * WINDOW);
      collect(f, actual, actualHopping, late);
    }

    assertThat(expectedLate).hasSizeGreaterThan(500);
    assertThat(expected).hasSizeGreaterThan(1000);
    assertThat(late).extracting(LateReading::reading).containsExactlyElementsOf(expectedLate);
    assertThat(actual).isEqualTo(expected);
    // Sums are added in another order (per pane, then panes), so they may differ in the last bits.
    assertThat(actualHopping.keySet()).isEqualTo(expectedHopping.keySet());
    expectedHopping.forEach(
        (key, want) -> {
          Expected got = actualHopping.get(key);
          assertThat(got.count()).as("count of %s", key).isEqualTo(want.count());
          assertThat(got.min()).as("min of %s", key).isEqualTo(want.min());
          assertThat(got.max()).as("max of %s", key).isEqualTo(want.max());
          assertThat(got.sum()).as("sum of %s", key).isCloseTo(want.sum(), within(1e-6));
        });
  }

  private static void fold(Map<Key, Expected> folds, Key key, double value) {
    folds.merge(
        key,
        new Expected(1, value, value, value),
        (a, b) ->
            new Expected(
                a.count() + 1,
                a.sum() + b.sum(),
                Math.min(a.min(), b.min()),
                Math.max(a.max(), b.max())));
  }

  private static void collect(
      TopologyFixture f,
      Map<Key, Expected> actual,
      Map<Key, Expected> actualHopping,
      List<LateReading> late) {
    for (WindowAggregate a : f.readAggregates()) {
      Expected previous =
          actual.put(
              new Key(a.sensorId(), a.metric(), a.windowStart()),
              new Expected(a.count(), a.sum(), a.min(), a.max()));
      assertThat(previous).as("one final record per window: %s", a).isNull();
      assertThat(a.windowEnd()).isEqualTo(a.windowStart() + WINDOW);
      assertThat(a.avg()).isEqualTo(a.sum() / a.count());
    }
    for (WindowAggregate a : f.readHoppingAggregates()) {
      Expected previous =
          actualHopping.put(
              new Key(a.sensorId(), a.metric(), a.windowStart()),
              new Expected(a.count(), a.sum(), a.min(), a.max()));
      assertThat(previous).as("one final record per hopping window: %s", a).isNull();
      assertThat(a.windowEnd()).isEqualTo(a.windowStart() + HOPPING_SIZE);
      assertThat(a.windowStart() % HOPPING_ADVANCE).isZero();
    }
    late.addAll(f.readLate());
    f.alerts.readValuesToList(); // detection runs too; this test is about the aggregates
    f.discardUnreadOutputs();
  }

  /**
   * 200 sensors x 2 metrics, one reading per sensor and metric every ~10 s of event time; 20% of
   * them delayed by up to 8 s (most within grace, some beyond a window boundary), 1% by minutes.
   */
  private static List<CanonicalReading> generate(Random random) {
    List<CanonicalReading> readings = new ArrayList<>(READINGS);
    long clock = T0;
    while (readings.size() < READINGS) {
      clock += 25 + random.nextInt(25);
      String sensor = "s-" + random.nextInt(200);
      String metric = random.nextBoolean() ? "power_w" : "voltage_v";
      long eventTime = clock;
      int roll = random.nextInt(100);
      if (roll < 20) {
        eventTime -= random.nextInt(8_000);
      } else if (roll == 20) {
        eventTime -= 60_000 + random.nextInt(600_000);
      }
      double value = Math.round(random.nextGaussian() * 1000 + 5000) / 10.0;
      readings.add(TopologyFixture.reading(sensor, "load-test", metric, value, eventTime));
    }
    return readings;
  }
}
