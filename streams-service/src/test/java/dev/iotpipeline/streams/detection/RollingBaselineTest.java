package dev.iotpipeline.streams.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.Pane;

class RollingBaselineTest {

  private static final long T0 = 1_764_000_000_000L;

  /** Counts store accesses to prove the per-reading cost does not grow with the hour. */
  private static final class CountingPanes implements PaneStore {
    final Map<Long, Pane> panes = new HashMap<>();
    int accesses;

    @Override
    public Pane get(long paneIndex) {
      accesses++;
      return panes.get(paneIndex);
    }

    @Override
    public void put(long paneIndex, Pane pane) {
      accesses++;
      panes.put(paneIndex, pane);
    }

    @Override
    public void delete(long paneIndex) {
      accesses++;
      panes.remove(paneIndex);
    }
  }

  private final RollingBaseline baseline = RollingBaseline.standard();

  @Test
  void hourTotalsEqualTheSumOfTheLastHoursReadings() {
    CountingPanes panes = new CountingPanes();
    BaselineSummary summary = null;
    for (int i = 0; i < 2 * 720; i++) { // two hours, one reading every 5 s
      summary = baseline.include(summary, panes, T0 + i * 5_000L, i);
    }
    // The last hour holds the readings of the newest 240 panes: 720 readings.
    assertThat(summary.hour().count()).isEqualTo(720);
    double expectedSum = 0;
    for (int i = 720; i < 1440; i++) {
      expectedSum += i;
    }
    assertThat(summary.hour().sum()).isEqualTo(expectedSum);
    // 236 older panes in the store, the newest minute's 4 in the summary.
    assertThat(panes.panes).hasSize(236);
    assertThat(summary.recent()).hasSize(4).allSatisfy(p -> assertThat(p.count()).isEqualTo(3));
    assertThat(panes.panes.keySet()).doesNotContainAnyElementsOf(List.of(summary.newestPane()));
  }

  @Test
  void eachReadingCostsAConstantNumberOfStoreAccesses() {
    CountingPanes panes = new CountingPanes();
    BaselineSummary summary = null;
    for (int i = 0; i < 720; i++) {
      summary = baseline.include(summary, panes, T0 + i * 5_000L, 1);
    }
    panes.accesses = 0;
    int readings = 7_200;
    for (int i = 720; i < 720 + readings; i++) {
      summary = baseline.include(summary, panes, T0 + i * 5_000L, 1);
    }
    // Per pane (1 in 3 readings): one put as it leaves the newest minute, one get+delete as it
    // leaves the hour; a reading in the newest minute touches no pane in the store.
    assertThat(panes.accesses).isEqualTo(readings);
  }

  @Test
  void lastMinuteIsTheNewestFourPanes() {
    CountingPanes panes = new CountingPanes();
    BaselineSummary summary = null;
    for (int i = 0; i < 24; i++) { // two minutes, every 5 s: first minute 10, second minute 20
      summary = baseline.include(summary, panes, T0 + i * 5_000L, i < 12 ? 10 : 20);
    }
    Pane minute = baseline.lastMinute(summary, panes);
    assertThat(minute.count()).isEqualTo(12);
    assertThat(minute.mean()).isEqualTo(20);
  }

  @Test
  void silenceLongerThanTheHourEmptiesItAndRestartsHistory() {
    CountingPanes panes = new CountingPanes();
    BaselineSummary summary = baseline.include(null, panes, T0, 5);
    summary = baseline.include(summary, panes, T0 + 5_000, 5);
    long later = T0 + 2 * 3_600_000L;

    summary = baseline.include(summary, panes, later, 7);

    assertThat(summary.hour()).isEqualTo(new Pane(1, 7, 49));
    assertThat(summary.historyStart()).isEqualTo(later);
    assertThat(panes.panes).isEmpty();
    assertThat(baseline.lastMinute(summary, panes)).isEqualTo(new Pane(1, 7, 49));
  }

  @Test
  void readingOlderThanTheHourIsNotCounted() {
    CountingPanes panes = new CountingPanes();
    BaselineSummary summary = baseline.include(null, panes, T0 + 3_600_000L, 5);

    BaselineSummary after = baseline.include(summary, panes, T0 - 1, 1_000);

    assertThat(after).isEqualTo(summary);
  }

  @Test
  void readingOlderThanTheNewestMinuteUpdatesItsStoredPane() {
    CountingPanes panes = new CountingPanes();
    BaselineSummary summary = null;
    for (int i = 0; i < 24; i++) { // two minutes, every 5 s
      summary = baseline.include(summary, panes, T0 + i * 5_000L, 1);
    }
    long oldPane = baseline.paneOf(T0);
    assertThat(panes.panes.get(oldPane)).isEqualTo(new Pane(3, 3, 3));

    BaselineSummary after = baseline.include(summary, panes, T0 + 1, 2);

    assertThat(panes.panes.get(oldPane)).isEqualTo(new Pane(4, 5, 7));
    assertThat(after.hour()).isEqualTo(new Pane(25, 26, 28));
    assertThat(baseline.lastMinute(after, panes)).isEqualTo(baseline.lastMinute(summary, panes));
  }

  @Test
  void summaryWrittenBeforeTheNewestMinuteWasKeptInItMovesItsPanesOutOfTheStore() {
    // The earlier layout: every pane in the store, no recent panes in the summary.
    CountingPanes panes = new CountingPanes();
    long newest = baseline.paneOf(T0 + 45_000);
    panes.panes.put(newest - 3, new Pane(1, 10, 100));
    panes.panes.put(newest, new Pane(2, 40, 800));
    panes.panes.put(newest - 10, new Pane(1, 5, 25));
    BaselineSummary old = new BaselineSummary(new Pane(4, 55, 925), newest, T0, null);

    assertThat(baseline.lastMinute(old, panes)).isEqualTo(new Pane(3, 50, 900));
    BaselineSummary next = baseline.include(old, panes, T0 + 60_000, 20);

    assertThat(next.hour()).isEqualTo(new Pane(5, 75, 1325));
    assertThat(baseline.lastMinute(next, panes)).isEqualTo(new Pane(3, 60, 1200));
    assertThat(panes.panes).containsOnlyKeys(newest - 10, newest - 3);
  }
}
