package dev.iotpipeline.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.streams.service.StatsService.Stats;

/** The dashboard's counts over several instances, each counting its own partitions' readings. */
class FleetStatsTest {

  private static Stats instance(long time, double rate, long readings, String state) {
    return new Stats(
        time,
        rate,
        readings,
        readings / 10,
        readings / 100,
        3,
        Map.of("CRITICAL", 1L, "WARNING", 2L),
        Map.of("THRESHOLD", 3L),
        Map.of("SCHEMA_VIOLATION", readings / 1000),
        state,
        1);
  }

  @Test
  void countsRatesAndBreakdownsAreSummedOverTheInstances() {
    Stats combined =
        StatsService.combine(
            List.of(
                instance(1_000, 100.5, 10_000, "RUNNING"), instance(1_200, 50, 4_000, "RUNNING")));

    assertThat(combined)
        .isEqualTo(
            new Stats(
                1_200,
                150.5,
                14_000,
                1_400,
                140,
                6,
                Map.of("CRITICAL", 2L, "WARNING", 4L),
                Map.of("THRESHOLD", 6L),
                Map.of("SCHEMA_VIOLATION", 14L),
                "RUNNING",
                2));
  }

  @Test
  void anInstanceThatIsNotRunningShowsInTheCombinedState() {
    assertThat(
            StatsService.combine(
                    List.of(
                        instance(1, 1, 1, "RUNNING"),
                        instance(1, 1, 1, "REBALANCING"),
                        instance(1, 1, 1, "RUNNING")))
                .streamsState())
        .isEqualTo("REBALANCING");
  }
}
