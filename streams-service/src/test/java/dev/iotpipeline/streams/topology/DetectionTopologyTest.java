package dev.iotpipeline.streams.topology;

import static dev.iotpipeline.streams.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.AlertType;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.contracts.ThresholdBounds;
import dev.iotpipeline.streams.config.DetectionSettings;

/** Every detection rule and the alert lifecycle, through the production topology. */
class DetectionTopologyTest {

  private static final String METER = "smart-meter";
  private static final String POWER = "power_w";
  private static final long MINUTE = 60_000;

  private TopologyFixture f;

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void thresholdRaisesOneWarningEscalatesOnceAndResolvesAfterTheHoldTime() {
    f = TopologyFixture.start();
    f.send("m-1", METER, POWER, 13_000, T0);
    f.send("m-1", METER, POWER, 13_500, T0 + 10_000);
    f.send("m-1", METER, POWER, 16_000, T0 + 20_000);
    f.send("m-1", METER, POWER, 5_000, T0 + 30_000);
    f.send("m-1", METER, POWER, 5_000, T0 + 89_999);
    List<Alert> beforeHold = f.readAlerts();
    f.send("m-1", METER, POWER, 5_000, T0 + 90_000);

    String id = "m-1:THRESHOLD:power_w:" + T0;
    assertThat(beforeHold)
        .extracting(Alert::alertId, Alert::type, Alert::severity, Alert::status, Alert::eventTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                id, AlertType.THRESHOLD, Severity.WARNING, AlertStatus.TRIGGERED, T0),
            org.assertj.core.groups.Tuple.tuple(
                id, AlertType.THRESHOLD, Severity.CRITICAL, AlertStatus.TRIGGERED, T0 + 20_000));
    List<Alert> resolved = f.readAlerts();
    assertThat(resolved)
        .extracting(Alert::alertId, Alert::status, Alert::eventTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(id, AlertStatus.RESOLVED, T0 + 90_000));
    assertThat(f.counter("pipeline.alerts.raised")).isEqualTo(2);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void flappingThresholdRaisesOneAlertNotMany() {
    f = TopologyFixture.start();
    for (int i = 0; i < 12; i++) {
      f.send("m-1", METER, POWER, i % 2 == 0 ? 13_000 : 1_000, T0 + i * 10_000L);
    }
    List<Alert> duringFlapping = f.readAlerts();
    f.send("m-1", METER, POWER, 1_000, T0 + 170_000);

    assertThat(duringFlapping).extracting(Alert::status).containsExactly(AlertStatus.TRIGGERED);
    assertThat(f.readAlerts())
        .extracting(Alert::alertId, Alert::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                duringFlapping.get(0).alertId(), AlertStatus.RESOLVED));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void registryBoundsOverrideTheTypeBoundsAndAlertsCarryRegistryData() {
    f = TopologyFixture.start();
    f.register(new Device("m-2", METER, "c-1", "1 Main St", "ACTIVE", 52.5, 13.4, null));
    f.send("m-2", METER, POWER, 600, T0);
    assertThat(f.alerts.isEmpty()).as("600 W is within the type's bounds").isTrue();

    f.register(
        new Device(
            "m-2",
            METER,
            "c-2",
            "2 Side St",
            "SUSPENDED",
            48.1,
            11.6,
            Map.of(POWER, new ThresholdBounds(null, 500.0, null, null))));
    f.send("m-2", METER, POWER, 600, T0 + 1_000);

    List<Alert> alerts = f.readAlerts();
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.customerId()).isEqualTo("c-2");
    assertThat(alert.address()).isEqualTo("2 Side St");
    assertThat(alert.accountStatus()).isEqualTo("SUSPENDED");
    assertThat(alert.lat()).isEqualTo(48.1);
    assertThat(alert.lon()).isEqualTo(11.6);
    assertThat(alert.evidence())
        .containsEntry("criticalAbove", 500.0)
        .containsEntry("value", 600.0);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void anomalyNeedsThirtyReadingsBehindIt() {
    f = TopologyFixture.start();
    for (int i = 0; i < 29; i++) {
      f.send("w-1", "weather-station", "humidity", i % 2 == 0 ? 100 : 102, T0 + i * 1_000L);
    }
    f.send("w-1", "weather-station", "humidity", 200, T0 + 29_000);

    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void anomalyBeyondFourSigmaTriggersOnceAndResolves() {
    f = TopologyFixture.start();
    for (int i = 0; i < 30; i++) {
      f.send("w-1", "weather-station", "humidity", i % 2 == 0 ? 100 : 102, T0 + i * 1_000L);
    }
    f.send("w-1", "weather-station", "humidity", 104.9, T0 + 30_000); // 3.9 sigma: normal
    assertThat(f.alerts.isEmpty()).isTrue();
    f.send("w-1", "weather-station", "humidity", 130, T0 + 31_000);
    f.send("w-1", "weather-station", "humidity", 131, T0 + 32_000); // same episode
    f.send("w-1", "weather-station", "humidity", 101, T0 + 33_000);
    f.send("w-1", "weather-station", "humidity", 101, T0 + 93_000);

    List<Alert> alerts = f.readAlerts();
    assertThat(alerts)
        .extracting(Alert::type, Alert::status, Alert::eventTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertType.ANOMALY, AlertStatus.TRIGGERED, T0 + 31_000),
            org.assertj.core.groups.Tuple.tuple(
                AlertType.ANOMALY, AlertStatus.RESOLVED, T0 + 93_000));
    assertThat(alerts.get(0).alertId()).isEqualTo("w-1:ANOMALY:humidity:" + (T0 + 31_000));
    assertThat((Double) alerts.get(0).evidence().get("deviations")).isGreaterThan(4);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void anomalySigmaChangedAtRuntimeAppliesToTheNextReading() {
    f = TopologyFixture.start();
    for (int i = 0; i < 30; i++) {
      f.send("w-1", "weather-station", "humidity", i % 2 == 0 ? 100 : 102, T0 + i * 1_000L);
    }
    f.send("w-1", "weather-station", "humidity", 104, T0 + 30_000); // 3 sigma
    assertThat(f.alerts.isEmpty()).isTrue();
    DetectionSettings s = f.settings.get();
    f.settings.set(
        new DetectionSettings(
            2.0,
            s.anomalyMinReadings(),
            s.theftRatio(),
            s.theftMinHistoryMs(),
            s.silenceAfterMs(),
            s.holdTimeMs()));

    f.send("w-1", "weather-station", "humidity", 104, T0 + 31_000);

    assertThat(f.readAlerts()).extracting(Alert::type).containsExactly(AlertType.ANOMALY);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  /** 31 minutes of steady 1000 W every 5 s, then {@code dropTo} W from the drop time. */
  private long steadyThenDrop(String sensorId, double dropTo, long dropMinutes) {
    return steadyThenDrop(sensorId, dropTo, dropMinutes, T0);
  }

  private long steadyThenDrop(String sensorId, double dropTo, long dropMinutes, long start) {
    long drop = start + 31 * MINUTE;
    for (long t = start; t < drop; t += 5_000) {
      f.send(sensorId, METER, POWER, 1_000, t);
    }
    for (long t = drop; t < drop + dropMinutes * MINUTE; t += 5_000) {
      f.send(sensorId, METER, POWER, dropTo, t);
    }
    return drop;
  }

  @Test
  void powerTheftIsRaisedWithinOneMinuteOfTheDropAndResolvedWhenPowerReturns() {
    f = TopologyFixture.start(Map.of("pipeline.detection.anomaly-sigma", "1000000"));
    long drop = steadyThenDrop("m-3", 100, 2);
    List<Alert> raised = f.readAlerts();
    long back = drop + 2 * MINUTE;
    for (long t = back; t < back + 3 * MINUTE; t += 5_000) {
      f.send("m-3", METER, POWER, 1_000, t);
    }
    f.readAggregates();

    assertThat(raised).hasSize(1);
    Alert theft = raised.get(0);
    assertThat(theft.type()).isEqualTo(AlertType.POWER_THEFT);
    assertThat(theft.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(theft.status()).isEqualTo(AlertStatus.TRIGGERED);
    assertThat(theft.eventTime() - drop).isBetween(0L, MINUTE);
    assertThat((Double) theft.evidence().get("ratio")).isLessThan(0.5);
    assertThat(f.readAlerts())
        .extracting(Alert::alertId, Alert::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(theft.alertId(), AlertStatus.RESOLVED));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void ratioExactlyAtHalfIsNotTheftButJustBelowIs() {
    f = TopologyFixture.start(Map.of("pipeline.detection.anomaly-sigma", "1000000"));
    steadyThenDrop("m-half", 500, 2);
    assertThat(f.alerts.isEmpty()).as("ratio exactly 0.5 is not theft").isTrue();
    steadyThenDrop("m-below", 499.99, 2, T0 + 40 * MINUTE);

    assertThat(f.readAlerts())
        .extracting(Alert::sensorId, Alert::type)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("m-below", AlertType.POWER_THEFT));
    f.readAggregates();
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void powerTheftNeedsThirtyMinutesOfHistoryAndAConnectedMeter() {
    f = TopologyFixture.start(Map.of("pipeline.detection.anomaly-sigma", "1000000"));
    for (long t = T0; t < T0 + 29 * MINUTE; t += 5_000) {
      f.send("m-young", METER, POWER, 1_000, t);
    }
    for (long t = T0 + 29 * MINUTE; t < T0 + 30 * MINUTE; t += 5_000) {
      f.send("m-young", METER, POWER, 10, t);
    }
    f.presence("m-off", false, T0 + 60 * MINUTE);
    steadyThenDrop("m-off", 10, 2, T0 + 30 * MINUTE);

    f.readAggregates();
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void silenceOfAConnectedDeviceFiresByWallClockOnceAndEndsWithTheNextReading() {
    f = TopologyFixture.start();
    f.send("s-9", "weather-station", "humidity", 50, T0);
    f.advanceWallClock(Duration.ofMinutes(9));
    assertThat(f.alerts.isEmpty()).isTrue();

    f.advanceWallClock(Duration.ofMinutes(1));
    List<Alert> silent = f.readAlerts();
    f.advanceWallClock(Duration.ofMinutes(5));
    assertThat(f.alerts.isEmpty()).as("no repeat while still silent").isTrue();
    f.send("s-9", "weather-station", "humidity", 51, T0 + 4 * MINUTE);

    assertThat(silent)
        .extracting(Alert::alertId, Alert::type, Alert::status, Alert::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "s-9:SILENCE:device:" + T0,
                AlertType.SILENCE,
                AlertStatus.TRIGGERED,
                Severity.WARNING));
    assertThat(f.readAlerts())
        .extracting(Alert::alertId, Alert::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s-9:SILENCE:device:" + T0, AlertStatus.RESOLVED));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void disconnectedDeviceIsNotSilentEvenWhenPresenceArrivesTwiceAndOutOfOrder() {
    f = TopologyFixture.start();
    f.send("s-8", "weather-station", "humidity", 50, T0);
    f.presence("s-8", false, T0 + 200);
    f.presence("s-8", true, T0 + 100); // older: ignored
    f.presence("s-8", false, T0 + 200); // duplicate
    CanonicalReading flaggedOff =
        new CanonicalReading(
            "s-7", "weather-station", "humidity", 1, null, T0, T0, false, TopologyFixture.SOURCE);
    f.send(flaggedOff);

    f.advanceWallClock(Duration.ofMinutes(30));

    assertThat(f.nothingElseEmitted()).isTrue();
  }
}
