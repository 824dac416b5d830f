package dev.iotpipeline.streams.detection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.contracts.ThresholdBounds;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.Pane;

class RulesTest {

  private static Pane of(double... values) {
    Pane p = Pane.EMPTY;
    for (double v : values) {
      p = p.add(v);
    }
    return p;
  }

  @Test
  void thresholdBoundsAreStrictAndCriticalWins() {
    ThresholdBounds bounds = new ThresholdBounds(10.0, 20.0, 0.0, -10.0);
    assertThat(ThresholdRule.evaluate(10, bounds)).isEmpty();
    assertThat(ThresholdRule.evaluate(10.5, bounds)).contains(Severity.WARNING);
    assertThat(ThresholdRule.evaluate(20.5, bounds)).contains(Severity.CRITICAL);
    assertThat(ThresholdRule.evaluate(-0.5, bounds)).contains(Severity.WARNING);
    assertThat(ThresholdRule.evaluate(-11, bounds)).contains(Severity.CRITICAL);
    assertThat(ThresholdRule.evaluate(1e9, null)).isEmpty();
  }

  @Test
  void anomalyIsJudgedOnlyWithEnoughHistoryAndSpread() {
    Pane history = Pane.EMPTY;
    for (int i = 0; i < 30; i++) {
      history = history.add(i % 2 == 0 ? 99 : 101); // mean 100, stddev 1
    }
    assertThat(AnomalyRule.isAnomalous(104, history, 30, 4)).isFalse();
    assertThat(AnomalyRule.isAnomalous(104.01, history, 30, 4)).isTrue();
    assertThat(AnomalyRule.isAnomalous(1_000, history, 31, 4)).isFalse();
    assertThat(AnomalyRule.isAnomalous(1_000, of(5, 5, 5), 3, 4)).isFalse();
  }

  @Test
  void theftNeedsHistoryConnectionAndARatioStrictlyBelowTheLimit() {
    Pane baseline = of(1000, 1000, 1000);
    long hour = 3_600_000;
    assertThat(PowerTheftRule.evaluate(of(500), baseline, hour, true, 0.5, 1_800_000))
        .isEqualTo(PowerTheftRule.Verdict.NORMAL);
    assertThat(PowerTheftRule.evaluate(of(499.9), baseline, hour, true, 0.5, 1_800_000))
        .isEqualTo(PowerTheftRule.Verdict.THEFT);
    assertThat(PowerTheftRule.evaluate(of(10), baseline, 1_799_999, true, 0.5, 1_800_000))
        .isEqualTo(PowerTheftRule.Verdict.UNKNOWN);
    assertThat(PowerTheftRule.evaluate(of(10), baseline, hour, false, 0.5, 1_800_000))
        .isEqualTo(PowerTheftRule.Verdict.UNKNOWN);
  }

  @Test
  void silenceCountsWallClockSinceTheLastActivityOfAConnectedDevice() {
    DeviceState device = new DeviceState("x", null, 0, 1_000, 0);
    assertThat(SilenceRule.isSilent(device, 1_000 + 599_999, 600_000)).isFalse();
    assertThat(SilenceRule.isSilent(device, 1_000 + 600_000, 600_000)).isTrue();
    DeviceState off = device.withPresence(false, 5, 2_000);
    assertThat(SilenceRule.isSilent(off, 10_000_000, 600_000)).isFalse();
  }

  @Test
  void latestPresenceEventTimeWinsWhateverTheArrivalOrder() {
    DeviceState device = new DeviceState("x", null, 0, 0, 0);
    DeviceState state = device.withPresence(false, 200, 1).withPresence(true, 100, 2);
    assertThat(state.connected()).isFalse();
    assertThat(state.withPresence(true, 300, 3).connected()).isTrue();
  }

  @Test
  void windowsAreEpochAlignedAndCloseAtEndPlusGrace() {
    TumblingWindows w = new TumblingWindows(300_000, 5_000);
    assertThat(w.startOf(299_999)).isZero();
    assertThat(w.startOf(300_000)).isEqualTo(300_000);
    assertThat(w.isLate(299_999, 304_999)).isFalse();
    assertThat(w.isLate(299_999, 305_000)).isTrue();
  }
}
