package dev.iotpipeline.streams.topology;

import static dev.iotpipeline.streams.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.streams.model.DeviceSessions;
import dev.iotpipeline.streams.model.OpenSession;
import dev.iotpipeline.streams.model.SensorState;

/**
 * The device sessions of the production topology at each boundary (30-minute gap, 5 s grace, the
 * defaults): the gap exactly and one millisecond more, merging, out-of-order and late readings,
 * emission once, and the state it keeps. The other seed windows are off, so every test can end by
 * proving that nothing else was emitted. {@link SeedWindowsTopologyTest} keeps its session tests
 * from the Kafka Streams session windows this processor replaced (decision 0314), unchanged.
 */
class DeviceSessionsTopologyTest {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long GAP = 30 * MINUTE;
  private static final long GRACE = 5 * SECOND;
  private static final String TYPE = "smart-meter";
  private static final String METRIC = "power_w";

  private TopologyFixture f;

  @BeforeEach
  void start() {
    f =
        TopologyFixture.start(
            Map.of(
                "pipeline.outputs.counts-by-region.enabled", "false",
                "pipeline.outputs.hopping-aggregates.enabled", "false"));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void sessionIsEmittedWhenStreamTimeReachesLastReadingPlusGapPlusGraceNotBefore() {
    send("s-1", T0);
    send("s-1", T0 + 10 * MINUTE);
    send("other", T0 + 10 * MINUTE + GAP + GRACE - 1);
    assertThat(f.sessions.isEmpty()).isTrue();

    send("other", T0 + 10 * MINUTE + GAP + GRACE);

    TestRecord<String, String> record = f.sessions.readRecord();
    assertThat(record.key()).isEqualTo("s-1");
    assertThat(record.timestamp())
        .as("the session's end, as suppress emitted it")
        .isEqualTo(T0 + 10 * MINUTE);
    assertThat(TopologyFixture.parse(record.value(), DeviceSession.class))
        .isEqualTo(new DeviceSession("s-1", TYPE, T0, T0 + 10 * MINUTE, 2));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingsExactlyTheGapApartAreOneSession() {
    send("s-1", T0);
    send("s-1", T0 + GAP);

    send("other", T0 + 2 * GAP + GRACE);

    assertThat(f.readSessions()).containsExactly(new DeviceSession("s-1", TYPE, T0, T0 + GAP, 2));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingsTheGapPlusOneMillisecondApartAreTwoSessionsEachClosingOnItsOwn() {
    send("s-1", T0);
    send("s-1", T0 + GAP + 1);

    send("other", T0 + GAP + GRACE);
    List<DeviceSession> first = f.readSessions();
    send("other", T0 + 2 * GAP + 1 + GRACE);

    assertThat(first).containsExactly(new DeviceSession("s-1", TYPE, T0, T0, 1));
    assertThat(f.readSessions())
        .containsExactly(new DeviceSession("s-1", TYPE, T0 + GAP + 1, T0 + GAP + 1, 1));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingBetweenTwoOpenSessionsMergesThemAndTheEarlierNoLongerClosesOnItsOwn() {
    send("s-1", T0);
    send("s-1", T0 + GAP + 2 * SECOND); // a second session; the first is open until T0 + GAP + 5 s
    send("s-1", T0 + GAP / 2); // out of order, within the gap of both

    send("other", T0 + GAP + GRACE);
    assertThat(f.sessions.isEmpty()).as("the first session is part of the merged one").isTrue();
    send("other", T0 + 2 * GAP + 2 * SECOND + GRACE);

    assertThat(f.readSessions())
        .containsExactly(new DeviceSession("s-1", TYPE, T0, T0 + GAP + 2 * SECOND, 3));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void outOfOrderReadingWithinGraceExtendsItsSessionBackwards() {
    send("s-1", T0 + 10 * MINUTE);
    send("other", T0 + 10 * MINUTE + GAP + 2 * SECOND); // s-1's session closes at + 5 s
    send("s-1", T0 + MINUTE); // 9 minutes before the session, event time long past

    send("other", T0 + 10 * MINUTE + GAP + GRACE);

    assertThat(f.readSessions())
        .containsExactly(new DeviceSession("s-1", TYPE, T0 + MINUTE, T0 + 10 * MINUTE, 2));
    assertThat(f.counter("pipeline.sessions.late")).isZero();
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void readingTooLateForAnyOpenSessionIsNotCountedButMetered() {
    send("s-1", T0);
    send("other", T0 + GAP + GRACE); // closes [T0, T0]
    List<DeviceSession> closed = f.readSessions();
    send("other", T0 + GAP + 2 * MINUTE);

    send("s-1", T0 + MINUTE); // its session has been emitted; alone it is past gap + grace
    send("other", T0 + 3 * GAP);

    assertThat(closed).containsExactly(new DeviceSession("s-1", TYPE, T0, T0, 1));
    assertThat(f.counter("pipeline.sessions.late")).isEqualTo(1);
    assertThat(f.readSessions())
        .as("only other's first session; s-1's late reading made none")
        .containsExactly(
            new DeviceSession("other", TYPE, T0 + GAP + GRACE, T0 + GAP + 2 * MINUTE, 2));
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void sessionIsEmittedOnceHoweverFarStreamTimeMovesOn() {
    send("s-1", T0);
    for (long t = T0 + GAP + GRACE; t <= T0 + 10 * GAP; t += GAP / 3) {
      send("other", t); // a reading every 10 minutes: one session that keeps growing
    }

    assertThat(f.readSessions()).containsExactly(new DeviceSession("s-1", TYPE, T0, T0, 1));
    assertThat(f.counter("pipeline.sessions.emitted")).isEqualTo(1);
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void activeDevicesKeepTheirSessionInTheirEntryAndOneEntryEachInTheCloseIndex() {
    int devices = 20;
    long end = T0 + 3 * 60 * MINUTE;
    for (long t = T0; t <= end; t += 30 * SECOND) {
      for (int d = 0; d < devices; d++) {
        send("d-" + d, t);
      }
      if (t % (30 * MINUTE) == 0) {
        f.discardUnreadOutputs();
      }
    }

    List<KeyValue<String, DeviceSessions>> open = openSessions();
    assertThat(open).hasSize(devices);
    assertThat(open)
        .allSatisfy(
            e -> assertThat(e.value.open()).containsExactly(new OpenSession(T0, end, 361, TYPE)));
    assertThat(entries(TelemetryTopology.SESSION_CLOSE_STORE)).hasSize(devices);
    assertThat(f.sessions.isEmpty()).isTrue();

    send("other", end + GAP + GRACE);

    assertThat(f.readSessions())
        .hasSize(devices)
        .allSatisfy(s -> assertThat(s.count()).isEqualTo(361));
    assertThat(openSessions()).extracting(e -> e.key).containsExactly("other");
    assertThat(entries(TelemetryTopology.SESSION_CLOSE_STORE)).hasSize(1);
    assertThat(f.nothingElseInSeedWindows()).isTrue();
  }

  @Test
  void switchedOffSessionsEmitNothingAndKeepNothing() {
    f.close();
    f = TopologyFixture.start(Map.of("pipeline.outputs.sessions.enabled", "false"));
    send("s-1", T0);

    send("other", T0 + 2 * GAP);

    assertThat(openSessions()).isEmpty();
    assertThat(f.driver.getStateStore(TelemetryTopology.SESSION_CLOSE_STORE)).isNull();
    assertThat(f.sessions.isEmpty()).isTrue();
    assertThat(f.counter("pipeline.sessions.late")).isZero();
  }

  private void send(String sensorId, long eventTime) {
    f.send(sensorId, TYPE, METRIC, 1, eventTime);
  }

  /** The devices' open sessions, kept in their entries (decision 0320). */
  private List<KeyValue<String, DeviceSessions>> openSessions() {
    List<KeyValue<String, DeviceSessions>> open = new ArrayList<>();
    for (KeyValue<String, SensorState> entry :
        this.<SensorState>entries(TelemetryTopology.DEVICE_STATE_STORE)) {
      if (entry.value.sessions() != null) {
        open.add(KeyValue.pair(entry.key, entry.value.sessions()));
      }
    }
    return open;
  }

  private <V> List<KeyValue<String, V>> entries(String storeName) {
    KeyValueStore<String, V> store = f.driver.getKeyValueStore(storeName);
    List<KeyValue<String, V>> entries = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      it.forEachRemaining(entries::add);
    }
    return entries;
  }
}
