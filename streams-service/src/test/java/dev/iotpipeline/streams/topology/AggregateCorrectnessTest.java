package dev.iotpipeline.streams.topology;

import static dev.iotpipeline.streams.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

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
 * time seen so far; late readings are excluded and reported).
 */
class AggregateCorrectnessTest {

  private static final int READINGS = 100_000;
  private static final long WINDOW = 300_000;
  private static final long GRACE = 5_000;

  private record Key(String sensorId, String metric, long windowStart) {}

  private record Expected(long count, double sum, double min, double max) {}

  @Test
  void everyAggregateEqualsAnIndependentFoldWithLateReadingsExcluded() {
    List<CanonicalReading> input = generate(new Random(20261124L));

    Map<Key, Expected> expected = new HashMap<>();
    List<CanonicalReading> expectedLate = new ArrayList<>();
    long highest = Long.MIN_VALUE;
    for (CanonicalReading r : input) {
      long start = Math.floorDiv(r.eventTime(), WINDOW) * WINDOW;
      if (start + WINDOW + GRACE <= highest) {
        expectedLate.add(r);
        continue;
      }
      highest = Math.max(highest, r.eventTime());
      expected.merge(
          new Key(r.sensorId(), r.metric(), start),
          new Expected(1, r.value(), r.value(), r.value()),
          (a, b) ->
              new Expected(
                  a.count() + 1,
                  a.sum() + b.sum(),
                  Math.min(a.min(), b.min()),
                  Math.max(a.max(), b.max())));
    }

    Map<Key, Expected> actual = new HashMap<>();
    List<LateReading> late = new ArrayList<>();
    // The seed's other windows have their own tests (SeedWindowsTopologyTest); off here, they would
    // only add their state updates to every one of the 100,000 readings.
    try (TopologyFixture f =
        TopologyFixture.start(
            Map.of(
                "pipeline.outputs.counts-by-region.enabled", "false",
                "pipeline.outputs.hopping-aggregates.enabled", "false",
                "pipeline.outputs.sessions.enabled", "false"))) {
      for (int i = 0; i < input.size(); i++) {
        f.send(input.get(i));
        if (i % 10_000 == 0) {
          collect(f, actual, late);
        }
      }
      // A reading far ahead closes every window of the input (its own stays open).
      f.send("closer", "probe", "x", 0, highest + 10 * WINDOW);
      collect(f, actual, late);
    }

    assertThat(expectedLate).hasSizeGreaterThan(500);
    assertThat(expected).hasSizeGreaterThan(1000);
    assertThat(late).extracting(LateReading::reading).containsExactlyElementsOf(expectedLate);
    assertThat(actual).isEqualTo(expected);
  }

  private static void collect(
      TopologyFixture f, Map<Key, Expected> actual, List<LateReading> late) {
    for (WindowAggregate a : f.readAggregates()) {
      Expected previous =
          actual.put(
              new Key(a.sensorId(), a.metric(), a.windowStart()),
              new Expected(a.count(), a.sum(), a.min(), a.max()));
      assertThat(previous).as("one final record per window: %s", a).isNull();
      assertThat(a.windowEnd()).isEqualTo(a.windowStart() + WINDOW);
      assertThat(a.avg()).isEqualTo(a.sum() / a.count());
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
