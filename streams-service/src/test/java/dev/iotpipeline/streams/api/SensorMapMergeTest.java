package dev.iotpipeline.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.streams.api.SensorResource.SensorSummary;

/** The map gathered from several instances: each sensor once, with its holder's state. */
class SensorMapMergeTest {

  private static SensorSummary registeredOnly(String id) {
    return new SensorSummary(id, "smart-meter", 52.5, 13.4, null, null, 1);
  }

  private static SensorSummary withState(String id, long lastEventTime) {
    return new SensorSummary(id, "smart-meter", 52.5, 13.4, true, lastEventTime, 1);
  }

  @Test
  void eachSensorAppearsOnceWithTheStateOfTheInstanceThatHoldsIt() {
    List<SensorSummary> here = List.of(registeredOnly("m-1"), withState("m-2", 20));
    List<SensorSummary> there =
        List.of(withState("m-1", 10), registeredOnly("m-2"), withState("m-3", 30));

    assertThat(SensorResource.merge(List.of(here, there), 100))
        .containsExactly(withState("m-1", 10), withState("m-2", 20), withState("m-3", 30));
  }

  @Test
  void aSensorNoInstanceHoldsStateForStaysListedWithoutState() {
    assertThat(
            SensorResource.merge(
                List.of(List.of(registeredOnly("m-1")), List.of(registeredOnly("m-1"))), 100))
        .containsExactly(registeredOnly("m-1"));
  }

  @Test
  void theMergedListKeepsTheLimit() {
    List<SensorSummary> here = List.of(withState("m-1", 1), withState("m-2", 2));
    List<SensorSummary> there = List.of(withState("m-3", 3));

    assertThat(SensorResource.merge(List.of(here, there), 2))
        .extracting(SensorSummary::sensorId)
        .containsExactly("m-1", "m-2");
  }
}
