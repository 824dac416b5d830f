package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.streams.model.AggregateState;
import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.DeviceSessions;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.EpisodeState;
import dev.iotpipeline.streams.model.OpenSession;
import dev.iotpipeline.streams.model.Pane;
import dev.iotpipeline.streams.model.SensorState;

class StateSerdesTest {

  @Test
  void shouldRoundTripEveryStateType() {
    assertRoundTrip(
        StateSerdes.AGGREGATE_STATE,
        new AggregateState("m-1", "smart-meter", "power_w", 300_000, 600_000, 7, 12.5, -3.25, 9e9));
    assertRoundTrip(
        StateSerdes.AGGREGATE_STATE,
        new AggregateState("zähler-ü", null, "t", Long.MIN_VALUE, -1, 0, 0, Double.NaN, -0.0));
    assertRoundTrip(
        StateSerdes.DEVICE_STATE, new DeviceState("smart-meter", null, 0, 1_764_000_000_000L, 5));
    assertRoundTrip(StateSerdes.DEVICE_STATE, new DeviceState(null, true, 1, 2, 3));
    assertRoundTrip(StateSerdes.DEVICE_STATE, new DeviceState("x", false, -1, -2, -3));
    assertRoundTrip(
        StateSerdes.PANE_BLOCK,
        List.of(
            new Pane(3, 2400.5, 1_920_600.25),
            Pane.EMPTY,
            new Pane(Long.MAX_VALUE, -1, 0),
            new Pane(-2, 0, 0)));
    assertRoundTrip(StateSerdes.PANE_BLOCK, List.of());
    DeviceState device = new DeviceState("smart-meter", true, 1, 2, 3);
    assertRoundTrip(StateSerdes.SENSOR_STATE, SensorState.of(device));
    assertRoundTrip(
        StateSerdes.SENSOR_STATE,
        new SensorState(
            device,
            Map.of(
                "power_w",
                new BaselineSummary(
                    new Pane(240, 1e6, 1e12),
                    117_600_000,
                    1_764_000_000_000L,
                    List.of(new Pane(1, 2, 4), Pane.EMPTY, Pane.EMPTY, new Pane(2, 6, 18)),
                    List.of()),
                "voltage_v",
                new BaselineSummary(
                    new Pane(240, 1e6, 1e12),
                    117_600_001,
                    1_764_000_000_000L,
                    List.of(Pane.EMPTY, Pane.EMPTY, Pane.EMPTY, Pane.EMPTY, new Pane(1, 1, 1)),
                    List.of(new Pane(5, 5, 5), Pane.EMPTY, Pane.EMPTY),
                    117_599_990))));
    AggregateState window =
        new AggregateState("m-1", "smart-meter", "power_w", 300_000, 600_000, 7, 12.5, -3.25, 9e9);
    DeviceSessions sessions =
        new DeviceSessions(5, List.of(new OpenSession(1, 2, 3, "smart-meter")));
    assertRoundTrip(
        StateSerdes.SENSOR_STATE,
        new SensorState(device, Map.of(), List.of(window, window.add(1)), sessions));
    assertRoundTrip(StateSerdes.SENSOR_STATE, new SensorState(null, Map.of(), List.of(), sessions));
    assertRoundTrip(
        StateSerdes.SENSOR_STATE, new SensorState(device, Map.of(), List.of(window), null));
    assertRoundTrip(
        StateSerdes.EPISODE_STATE, new EpisodeState("m-1:THRESHOLD:power_w:17", 17, null, null));
    assertRoundTrip(
        StateSerdes.EPISODE_STATE,
        new EpisodeState("m-1:SILENCE:device:5", 5, Severity.CRITICAL, 1_764_000_060_000L));
    assertRoundTrip(
        StateSerdes.DEVICE_SESSIONS,
        new DeviceSessions(
            1_764_001_805_000L,
            List.of(
                new OpenSession(1_764_000_000_000L, 1_764_000_000_000L, 1, null),
                new OpenSession(1_764_001_800_001L, 1_764_001_900_000L, 12, "smart-meter"))));
  }

  @Test
  void shouldBeSmallerThanTheJsonOfThePanesAndEmptyPanesTakeOneByte() {
    Pane pane = new Pane(2, 1600.0, 1_280_000.0);
    List<Pane> block = List.of(pane, pane, Pane.EMPTY, pane);
    byte[] binary = StateSerdes.PANE_BLOCK.serializer().serialize("t", block);
    byte[] json = JsonSerde.of(List.class).serializer().serialize("t", block);
    assertThat(binary).hasSize(1 + 1 + 3 * (1 + 8 + 8) + 1);
    assertThat(binary.length).isLessThan(json.length / 2);
  }

  @Test
  void deviceStateValuesOfTheEarlierLayoutReadAsSensorStatesWithoutBaselines() {
    DeviceState state = new DeviceState("smart-meter", false, 10, 20, 30);
    byte[] binary = StateSerdes.DEVICE_STATE.serializer().serialize("t", state);
    byte[] json = JsonSerde.of(DeviceState.class).serializer().serialize("t", state);

    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", binary))
        .isEqualTo(SensorState.of(state));
    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", json))
        .isEqualTo(SensorState.of(state));
  }

  @Test
  void sensorStatesOfTheLayoutsBeforePaneBlocksReadWithoutTheirBaselines() {
    DeviceState device = new DeviceState("smart-meter", null, 0, 1, 2);
    AggregateState window =
        new AggregateState("m-1", "smart-meter", "power_w", 300_000, 600_000, 7, 12.5, -3.25, 9e9);
    byte[] current =
        StateSerdes.SENSOR_STATE
            .serializer()
            .serialize("t", new SensorState(device, Map.of(), List.of(window), null));
    // The current layout: the device, 0 baselines of the earlier layouts, the window, 0 for no
    // sessions, 0 baselines, 0 baselines with blocks under the earlier keys.
    assertThat(current[current.length - 1]).isZero();
    assertThat(current[current.length - 2]).isZero();
    assertThat(current[current.length - 3]).isZero();
    byte[] windows = StateSerdes.AGGREGATE_STATE.serializer().serialize("t", window);
    int deviceEnd = current.length - 3 - (windows.length - 1) - 1 - 1;
    assertThat(current[deviceEnd]).isZero();
    byte[] deviceBytes = Arrays.copyOf(current, deviceEnd);
    byte[] earlierBaseline = earlierBaseline("power_w");

    // 0316: the device and the baselines (the newest minute in the summary, other panes stored).
    byte[] layout0316 = concat(deviceBytes, earlierBaseline);
    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", layout0316))
        .isEqualTo(SensorState.of(device));
    // 0320: then the open windows and sessions.
    byte[] layout0320 =
        concat(
            deviceBytes,
            earlierBaseline,
            Arrays.copyOfRange(current, deviceEnd + 1, current.length - 2));
    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", layout0320))
        .isEqualTo(new SensorState(device, Map.of(), List.of(window), null));
  }

  @Test
  void baselinesOfTheLayoutBeforeTimeKeyedBlocksReadWithTheirBlocksUnderTheEarlierKeys() {
    BaselineSummary hour =
        new BaselineSummary(
            new Pane(2, 3, 5),
            117_600_000,
            1_764_000_000_000L,
            List.of(new Pane(1, 1, 1), new Pane(1, 2, 4)),
            List.of());
    SensorState state =
        new SensorState(
            new DeviceState("smart-meter", true, 1, 2, 3),
            Map.of("power_w", hour, "voltage_v", hour));
    byte[] current = StateSerdes.SENSOR_STATE.serializer().serialize("t", state);
    assertThat(current[current.length - 1]).as("no baseline under the earlier keys").isZero();

    // 0323-0326 ended with the baselines.
    byte[] layout0323 = Arrays.copyOf(current, current.length - 1);
    SensorState read = StateSerdes.SENSOR_STATE.deserializer().deserialize("t", layout0323);

    assertThat(read.baselines().values())
        .as("every block up to the newest pane's was (or will be) stored under the earlier keys")
        .extracting(BaselineSummary::earlierKeysBefore)
        .containsOnly(117_600_001L);
    assertThat(read.baseline("power_w").hour()).isEqualTo(hour.hour());
    assertThat(read.baseline("power_w").recent()).isEqualTo(hour.recent());
  }

  /** One baseline as the layouts before 0323 wrote it, after a count of 1. */
  private static byte[] earlierBaseline(String metric) {
    StateSerdes.Out out = new StateSerdes.Out();
    out.varint(1);
    out.string(metric);
    out.varint(3); // the hour: count, sum, sum of squares
    out.float64(6);
    out.float64(14);
    out.int64(117_600_000); // newest pane
    out.int64(1_764_000_000_000L); // history start
    out.varint(5); // the newest minute's 4 panes
    for (int i = 0; i < 4; i++) {
      out.varint(i == 0 ? 0 : 1);
      out.float64(i == 0 ? 0 : 2);
      out.float64(i == 0 ? 0 : 4);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  @Test
  void shouldReadValuesWrittenAsJsonBeforeTheBinaryFormat() {
    DeviceState state = new DeviceState("smart-meter", false, 10, 20, 30);
    byte[] json = JsonSerde.of(DeviceState.class).serializer().serialize("t", state);
    assertThat(StateSerdes.DEVICE_STATE.deserializer().deserialize("t", json)).isEqualTo(state);
    EpisodeState episode = new EpisodeState("a:THRESHOLD:x:1", 1, Severity.WARNING, 4L);
    byte[] episodeJson = JsonSerde.of(EpisodeState.class).serializer().serialize("t", episode);
    assertThat(StateSerdes.EPISODE_STATE.deserializer().deserialize("t", episodeJson))
        .isEqualTo(episode);
  }

  @Test
  void shouldRejectUnknownFormatsAndTruncatedValues() {
    byte[] good =
        StateSerdes.AGGREGATE_STATE
            .serializer()
            .serialize("t", new AggregateState("m-1", "s", "p", 0, 1, 1, 1, 1, 1));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> StateSerdes.AGGREGATE_STATE.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("AggregateState");
    byte[] other = "xyz".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StateSerdes.PANE_BLOCK.deserializer().deserialize("t", other))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("List");
  }

  @Test
  void shouldKeepNullAsNull() {
    assertThat(StateSerdes.PANE_BLOCK.serializer().serialize("t", null)).isNull();
    assertThat(StateSerdes.PANE_BLOCK.deserializer().deserialize("t", null)).isNull();
  }

  private static <T> void assertRoundTrip(Serde<T> serde, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    assertThat(bytes[0]).isEqualTo(StateSerdes.FORMAT);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
  }
}
