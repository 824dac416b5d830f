package dev.iotpipeline.streams.detection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.streams.detection.AlertLifecycle.Step;

class AlertLifecycleTest {

  private static final String ID = "s-1:THRESHOLD:power_w";

  @Test
  void firstActiveObservationTriggersWithAnIdOfTheEpisodeStart() {
    Step step = AlertLifecycle.observe(null, true, Severity.WARNING, 1_000, 60_000, ID);
    assertThat(step.emit()).isEqualTo(AlertStatus.TRIGGERED);
    assertThat(step.state().alertId()).isEqualTo(ID + ":1000");
  }

  @Test
  void stillActiveEmitsNothingAndEscalationReannouncesOnce() {
    Step open = AlertLifecycle.observe(null, true, Severity.WARNING, 1_000, 60_000, ID);
    Step same = AlertLifecycle.observe(open.state(), true, Severity.WARNING, 2_000, 60_000, ID);
    Step up = AlertLifecycle.observe(same.state(), true, Severity.CRITICAL, 3_000, 60_000, ID);
    Step down = AlertLifecycle.observe(up.state(), true, Severity.WARNING, 4_000, 60_000, ID);

    assertThat(same.emit()).isNull();
    assertThat(up.emit()).isEqualTo(AlertStatus.TRIGGERED);
    assertThat(up.state().alertId()).isEqualTo(ID + ":1000");
    assertThat(down.emit()).isNull();
    assertThat(down.state().severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void resolvesOnlyAfterStayingClearForTheHoldTime() {
    Step open = AlertLifecycle.observe(null, true, Severity.WARNING, 0, 60_000, ID);
    Step clear = AlertLifecycle.observe(open.state(), false, null, 10_000, 60_000, ID);
    Step almost = AlertLifecycle.observe(clear.state(), false, null, 69_999, 60_000, ID);
    Step done = AlertLifecycle.observe(almost.state(), false, null, 70_000, 60_000, ID);

    assertThat(clear.emit()).isNull();
    assertThat(almost.emit()).isNull();
    assertThat(done.emit()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(done.state()).isNull();
  }

  @Test
  void conditionReturningWithinTheHoldTimeContinuesTheEpisode() {
    Step open = AlertLifecycle.observe(null, true, Severity.WARNING, 0, 60_000, ID);
    Step clear = AlertLifecycle.observe(open.state(), false, null, 10_000, 60_000, ID);
    Step back = AlertLifecycle.observe(clear.state(), true, Severity.WARNING, 20_000, 60_000, ID);
    Step clearAgain = AlertLifecycle.observe(back.state(), false, null, 75_000, 60_000, ID);

    assertThat(back.emit()).isNull();
    assertThat(back.state().clearingSince()).isNull();
    assertThat(clearAgain.emit()).as("the hold restarts from the new clearing").isNull();
  }

  @Test
  void idPrefixKeepsOnlyCharactersTheSchemaAllows() {
    assertThat(AlertLifecycle.idPrefix("s 1", "ANOMALY", "temp#2")).isEqualTo("s_1:ANOMALY:temp_2");
    assertThat(AlertLifecycle.idPrefix("s-1", "SILENCE", null)).isEqualTo("s-1:SILENCE:device");
  }
}
