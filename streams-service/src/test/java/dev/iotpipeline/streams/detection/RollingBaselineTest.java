package dev.iotpipeline.streams.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.Pane;

class RollingBaselineTest {

  private static final long T0 = 1_764_000_000_000L; // a block's start: T0 / 60 s is whole

  /** Counts store accesses to prove the per-reading cost does not grow with the hour. */
  private static final class CountingBlocks implements PaneBlocks {
    final Map<Long, List<Pane>> blocks = new HashMap<>();
    int accesses;

    @Override
    public List<Pane> get(long block) {
      accesses++;
      return blocks.get(block);
    }

    @Override
    public void put(long block, List<Pane> panes) {
      accesses++;
      assertThat(panes).hasSize(4);
      blocks.put(block, panes);
    }

    @Override
    public void delete(long block) {
      accesses++;
      blocks.remove(block);
    }
  }

  private final RollingBaseline baseline = RollingBaseline.standard();

  @Test
  void hourTotalsEqualTheSumOfTheLastHoursReadings() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    for (int i = 0; i < 2 * 720; i++) { // two hours, one reading every 5 s
      summary = baseline.include(summary, store, T0 + i * 5_000L, i);
    }
    // The last hour holds the readings of the newest 240 panes: 720 readings.
    assertThat(summary.hour().count()).isEqualTo(720);
    double expectedSum = 0;
    for (int i = 720; i < 1440; i++) {
      expectedSum += i;
    }
    assertThat(summary.hour().sum()).isEqualTo(expectedSum);
    // The hour starts at a block's start: no tail; the newest pane ends a block, so the summary
    // holds that block (the newest minute) and the store the 59 blocks before it.
    assertThat(summary.tail()).isEmpty();
    assertThat(summary.recent()).hasSize(4).allSatisfy(p -> assertThat(p.count()).isEqualTo(3));
    assertThat(store.blocks).hasSize(59);
    assertThat(store.blocks.keySet())
        .doesNotContain(baseline.blockOf(summary.newestPane()))
        .contains(baseline.blockOf(summary.newestPane()) - 1);
  }

  @Test
  void matchesTheSumOfTheReadingsInTheHourUnderOutOfOrderReadingsAndGaps() {
    Random random = new Random(42);
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    List<long[]> accepted = new ArrayList<>(); // {pane, value}
    long newest = Long.MIN_VALUE;
    long time = T0;
    for (int i = 0; i < 20_000; i++) {
      int kind = random.nextInt(100);
      long eventTime;
      if (kind < 80) {
        time += random.nextInt(12_000); // on time, 0-12 s apart
        eventTime = time;
      } else if (kind < 95) {
        eventTime = time - random.nextInt(300_000); // up to 5 minutes out of order
      } else if (kind < 99) {
        eventTime = time - random.nextInt(4_000_000); // out of order by up to more than the hour
      } else {
        time += 60_000 + random.nextInt(5_000_000); // a gap, now and then longer than the hour
        eventTime = time;
      }
      long value = random.nextInt(1_000);
      summary = baseline.include(summary, store, eventTime, value);

      long pane = baseline.paneOf(eventTime);
      newest = Math.max(newest, pane);
      if (pane > newest - 240) {
        accepted.add(new long[] {pane, value});
      }
      assertThat(summary.newestPane()).isEqualTo(newest);
      long count = 0;
      double sum = 0;
      long minuteCount = 0;
      for (long[] r : accepted) {
        if (r[0] > newest - 240) {
          count++;
          sum += r[1];
          minuteCount += r[0] > newest - 4 ? 1 : 0;
        }
      }
      assertThat(summary.hour().count()).as("reading %d", i).isEqualTo(count);
      assertThat(summary.hour().sum()).as("reading %d", i).isCloseTo(sum, within(1e-6));
      assertThat(baseline.lastMinute(summary).count()).as("reading %d", i).isEqualTo(minuteCount);
      long oldest = newest - 239;
      accepted.removeIf(r -> r[0] < oldest);
      // Nothing is kept for panes that left the hour, nor twice.
      long kept =
          store.blocks.values().stream().flatMap(List::stream).mapToLong(Pane::count).sum()
              + summary.recent().stream().mapToLong(Pane::count).sum()
              + summary.tail().stream().mapToLong(Pane::count).sum();
      assertThat(kept).as("reading %d", i).isEqualTo(count);
    }
  }

  @Test
  void eachReadingCostsAConstantNumberOfStoreAccesses() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    for (int i = 0; i < 720; i++) {
      summary = baseline.include(summary, store, T0 + i * 5_000L, 1);
    }
    store.accesses = 0;
    int readings = 7_200;
    for (int i = 720; i < 720 + readings; i++) {
      summary = baseline.include(summary, store, T0 + i * 5_000L, 1);
    }
    // Per minute (12 readings): one block put as it leaves the newest minute, one block read and
    // deleted as the hour begins to leave it; a reading in the newest minute touches no store.
    assertThat(store.accesses).isEqualTo(readings / 4);
  }

  @Test
  void lastMinuteIsTheNewestFourPanes() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    for (int i = 0; i < 27; i++) { // every 5 s: first minute 10, second minute and after 20
      summary = baseline.include(summary, store, T0 + i * 5_000L, i < 12 ? 10 : 20);
    }
    Pane minute = baseline.lastMinute(summary);
    assertThat(minute.count()).isEqualTo(12);
    assertThat(minute.mean()).isEqualTo(20);
  }

  @Test
  void silenceLongerThanTheHourEmptiesItAndRestartsHistory() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    for (int i = 0; i < 48; i++) { // four minutes: the first three blocks in the store
      summary = baseline.include(summary, store, T0 + i * 5_000L, 5);
    }
    assertThat(store.blocks).hasSize(3);
    long later = T0 + 2 * 3_600_000L;

    summary = baseline.include(summary, store, later, 7);

    assertThat(summary.hour()).isEqualTo(new Pane(1, 7, 49));
    assertThat(summary.historyStart()).isEqualTo(later);
    assertThat(store.blocks).isEmpty();
    assertThat(baseline.lastMinute(summary)).isEqualTo(new Pane(1, 7, 49));
  }

  @Test
  void readingOlderThanTheHourIsNotCounted() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = baseline.include(null, store, T0 + 3_600_000L, 5);

    BaselineSummary after = baseline.include(summary, store, T0 - 1, 1_000);

    assertThat(after).isEqualTo(summary);
    assertThat(store.accesses).isZero();
  }

  @Test
  void readingOlderThanTheNewestMinutesBlocksUpdatesItsStoredBlock() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    for (int i = 0; i < 24; i++) { // two minutes, every 5 s: the first one's block is stored
      summary = baseline.include(summary, store, T0 + i * 5_000L, 1);
    }
    long firstBlock = baseline.blockOf(baseline.paneOf(T0));
    assertThat(store.blocks.get(firstBlock)).containsOnly(new Pane(3, 3, 3));

    BaselineSummary after = baseline.include(summary, store, T0 + 1, 2);

    assertThat(store.blocks.get(firstBlock).get(0)).isEqualTo(new Pane(4, 5, 7));
    assertThat(after.hour()).isEqualTo(new Pane(25, 26, 28));
    assertThat(baseline.lastMinute(after)).isEqualTo(baseline.lastMinute(summary));
  }

  @Test
  void readingInTheBlockTheHourIsLeavingUpdatesTheTailWithoutTheStore() {
    CountingBlocks store = new CountingBlocks();
    BaselineSummary summary = null;
    for (int i = 0; i <= 721; i++) { // an hour and 5 s: the oldest pane is a block's second
      summary = baseline.include(summary, store, T0 + i * 5_000L, 1);
    }
    assertThat(summary.tail()).hasSize(3);
    store.accesses = 0;

    BaselineSummary after = baseline.include(summary, store, T0 + 15_000L, 2);

    assertThat(store.accesses).isZero();
    assertThat(after.tail().get(0)).isEqualTo(new Pane(4, 5, 7));
    assertThat(after.hour().count()).isEqualTo(summary.hour().count() + 1);
  }
}
